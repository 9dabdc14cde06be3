/**
 * The training report: one self-contained HTML file that shows how a training run went.
 *
 * <p>{@link io.github.chainrule.example.ner.report.TrainingReport} and the records it holds ({@link
 * io.github.chainrule.example.ner.report.Epoch}, {@link
 * io.github.chainrule.example.ner.report.Scores}, {@link
 * io.github.chainrule.example.ner.report.TypeScore}, {@link
 * io.github.chainrule.example.ner.report.Confusion}) are an immutable description of a finished
 * run, independent of the trainer and the evaluator: whoever trains fills them in, and {@link
 * io.github.chainrule.example.ner.report.HtmlReport} turns them into a page with the settings, the
 * loss and dev scores per epoch, the per-type scores and the confusion matrix. The plots are drawn
 * by JFreeChart and embedded as inline SVG, so the page needs neither JavaScript nor the network.
 *
 * <p>Scores are fractions in {@code [0, 1]} throughout the model; the page shows them as
 * percentages with two decimals, as the conlleval script prints them.
 */
package io.github.chainrule.example.ner.report;
