/**
 * The window NER model of {@code chainrule-example-ner} trained data-parallel on Apache Spark,
 * through that module's own model, generated gradient and optimizers: {@link
 * io.github.chainrule.example.spark.SparkTrainer} (the trainer), {@link
 * io.github.chainrule.example.spark.SparkCorpus} (CoNLL files from any path Spark reads) and {@link
 * io.github.chainrule.example.spark.SparkTrainCommand} (the {@code spark-submit} entry point).
 */
package io.github.chainrule.example.spark;
