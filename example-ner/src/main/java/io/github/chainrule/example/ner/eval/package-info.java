/**
 * Entity-level evaluation, identical to the reference {@code conlleval} script (version 2004-01-26)
 * in every count and every printed character: {@link
 * io.github.chainrule.example.ner.eval.Conlleval} counts, {@link
 * io.github.chainrule.example.ner.eval.EvaluationResult} holds the scores and prints the report;
 * {@link io.github.chainrule.example.ner.eval.ConfusionMatrix} counts tags token by token.
 */
package io.github.chainrule.example.ner.eval;
