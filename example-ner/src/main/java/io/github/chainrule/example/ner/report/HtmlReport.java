package io.github.chainrule.example.ner.report;

import static io.github.chainrule.example.ner.report.Html.escape;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link TrainingReport} as one self-contained HTML5 page.
 *
 * <p>The page holds, in order: the title and a one-line summary (best epoch, dev and test F1, total
 * time); the settings and the data read; a plot of train loss (and dev loss where known) per epoch;
 * a plot of dev F1, precision and recall per epoch with the best epoch marked, and a table of every
 * epoch; per-type precision, recall and F1 on dev (and test) as a table and a bar chart; and the
 * confusion matrix as a heat map, rows gold, columns predicted, shaded by each row's share.
 *
 * <p>Everything is inline: the CSS in a {@code <style>} element, the plots as {@code <svg>}
 * elements drawn by JFreeChart, no script, no font file and no link to anything outside the file,
 * so the page renders offline, in any modern browser, and prints. All text from the report is
 * escaped, so a type such as {@code <b>&"x"} shows as written. For the same report the page is the
 * same, byte for byte.
 */
public final class HtmlReport {
  private static final String DASH = "\u2013";

  private HtmlReport() {}

  /**
   * Writes the page to {@code file}, atomically: into a temporary file in the same directory, then
   * moved over {@code file} in one step, so a reader (or a crash) never sees half a page. Creates
   * the directory if it is missing.
   *
   * @throws IOException if the directory cannot be made or the file cannot be written or moved; the
   *     message names the file, and no temporary file is left behind
   */
  public static void write(TrainingReport report, Path file) throws IOException {
    String page = render(report);
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        out.write(page);
      }
      // createTempFile makes the file private (rw-------); a report is for others to read too
      if (Files.getFileAttributeView(temp, PosixFileAttributeView.class) != null) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(temp, e);
      throw new IOException("cannot write report " + file + ": " + e, e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(temp, e);
      throw e;
    }
  }

  private static void deleteQuietly(Path temp, Throwable cause) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
  }

  /** The page as a string, exactly as {@link #write} writes it. */
  public static String render(TrainingReport report) {
    StringBuilder html = new StringBuilder(64 * 1024);
    String title = escape(report.title());
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"chainrule example-ner\">\n")
        .append("<title>")
        .append(title)
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>")
        .append(title)
        .append("</h1>\n");
    summary(html, report);
    html.append("</header>\n");
    settings(html, report);
    training(html, report);
    perType(html, "dev", report.dev(), "dev-types");
    if (report.hasTest()) {
      perType(html, "test", report.test(), "test-types");
    }
    confusion(html, report.confusion());
    html.append("</main>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void summary(StringBuilder html, TrainingReport r) {
    Epoch best = r.best();
    double seconds = r.epochs().stream().mapToDouble(Epoch::seconds).sum();
    html.append("<p class=\"summary\">Best epoch <strong>")
        .append(best.epoch())
        .append("</strong> of ")
        .append(r.epochs().size())
        .append(" &middot; dev F1 <strong>")
        .append(percent(r.dev().f1()))
        .append("</strong>");
    if (r.hasTest()) {
      html.append(" &middot; test F1 <strong>").append(percent(r.test().f1())).append("</strong>");
    }
    html.append(" &middot; dev token accuracy ").append(percent(r.dev().accuracy()));
    if (!Double.isNaN(seconds)) {
      html.append(" &middot; trained in ").append(duration(seconds));
    }
    html.append("</p>\n");
  }

  private static void settings(StringBuilder html, TrainingReport r) {
    html.append("<section id=\"settings\">\n<h2>Settings</h2>\n<div class=\"panels\">\n")
        .append("<div>\n<h3>Options</h3>\n");
    if (r.settings().isEmpty()) {
      html.append("<p class=\"note\">No options were recorded.</p>\n");
    } else {
      keyValueTable(html, "settings", r.settings());
    }
    html.append("</div>\n");
    if (!r.corpora().isEmpty()) {
      html.append("<div>\n<h3>Data</h3>\n");
      keyValueTable(html, "corpora", r.corpora());
      html.append("</div>\n");
    }
    html.append("</div>\n</section>\n");
  }

  private static void keyValueTable(StringBuilder html, String cls, Map<String, String> rows) {
    html.append("<table class=\"").append(cls).append(" keyvalue\">\n<tbody>\n");
    rows.forEach(
        (k, v) ->
            html.append("<tr><th scope=\"row\">")
                .append(escape(k))
                .append("</th><td>")
                .append(escape(v))
                .append("</td></tr>\n"));
    html.append("</tbody>\n</table>\n");
  }

  private static void training(StringBuilder html, TrainingReport r) {
    List<Epoch> epochs = r.epochs();
    boolean devLoss = epochs.stream().anyMatch(e -> Double.isFinite(e.devLoss()));
    html.append("<section id=\"training\">\n<h2>Training</h2>\n");
    figure(
        html,
        "loss-plot",
        devLoss
            ? "Mean loss per epoch, on the training set and on the dev set"
            : "Mean training loss per epoch",
        Charts.loss(epochs, "loss-svg"));
    figure(
        html,
        "dev-plot",
        "Entity-level F1, precision and recall on the dev set after each epoch; the model of epoch "
            + r.bestEpoch()
            + " was kept",
        Charts.devScores(epochs, r.bestEpoch(), "dev-svg"));

    html.append("<div class=\"scroll\">\n<table class=\"epochs numbers\">\n<thead><tr>")
        .append("<th scope=\"col\">epoch</th><th scope=\"col\">train loss</th>")
        .append("<th scope=\"col\">dev loss</th><th scope=\"col\">dev precision</th>")
        .append("<th scope=\"col\">dev recall</th><th scope=\"col\">dev F1</th>")
        .append("<th scope=\"col\">windows/s</th><th scope=\"col\">time</th></tr></thead>\n")
        .append("<tbody>\n");
    for (Epoch e : epochs) {
      boolean isBest = e.epoch() == r.bestEpoch();
      html.append(isBest ? "<tr class=\"best\" title=\"the kept model\">" : "<tr>")
          .append("<td>")
          .append(e.epoch())
          .append(isBest ? " &#9733;" : "")
          .append("</td><td>")
          .append(loss(e.trainLoss()))
          .append("</td><td>")
          .append(loss(e.devLoss()))
          .append("</td><td>")
          .append(percent(e.devPrecision()))
          .append("</td><td>")
          .append(percent(e.devRecall()))
          .append("</td><td>")
          .append(percent(e.devF1()))
          .append("</td><td>")
          .append(Double.isNaN(e.windowsPerSecond()) ? DASH : grouped(e.windowsPerSecond()))
          .append("</td><td>")
          .append(Double.isNaN(e.seconds()) ? DASH : duration(e.seconds()))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n</div>\n</section>\n");
  }

  private static void perType(StringBuilder html, String set, Scores s, String id) {
    html.append("<section id=\"")
        .append(id)
        .append("\">\n<h2>Scores per entity type on ")
        .append(set)
        .append("</h2>\n<div class=\"scroll\">\n<table class=\"types numbers\">\n<thead><tr>")
        .append("<th scope=\"col\">type</th><th scope=\"col\">gold</th>")
        .append("<th scope=\"col\">found</th><th scope=\"col\">correct</th>")
        .append("<th scope=\"col\" class=\"precision\">precision</th>")
        .append("<th scope=\"col\" class=\"recall\">recall</th>")
        .append("<th scope=\"col\" class=\"f1\">F1</th></tr></thead>\n<tbody>\n");
    for (TypeScore t : s.perType()) {
      html.append("<tr><th scope=\"row\">").append(escape(t.type())).append("</th>");
      scoreCells(html, t.gold(), t.found(), t.correct(), t.precision(), t.recall(), t.f1());
    }
    html.append("</tbody>\n<tfoot><tr><th scope=\"row\">all types</th>");
    scoreCells(html, s.gold(), s.found(), s.correct(), s.precision(), s.recall(), s.f1());
    html.append("</tfoot>\n</table>\n</div>\n");
    if (s.perType().isEmpty()) {
      html.append("<p>The data has no entity types to plot.</p>\n");
    } else {
      figure(
          html,
          id + "-plot",
          "Entity-level precision, recall and F1 per type on " + set,
          Charts.perType(s, id + "-svg"));
    }
    html.append("</section>\n");
  }

  private static void scoreCells(
      StringBuilder html, long gold, long found, long correct, double p, double r, double f1) {
    html.append("<td>")
        .append(grouped(gold))
        .append("</td><td>")
        .append(grouped(found))
        .append("</td><td>")
        .append(grouped(correct))
        .append("</td><td>")
        .append(percent(p))
        .append("</td><td>")
        .append(percent(r))
        .append("</td><td>")
        .append(percent(f1))
        .append("</td></tr>\n");
  }

  private static void confusion(StringBuilder html, Confusion c) {
    List<String> labels = c.labels();
    html.append("<section id=\"confusion\">\n<h2>Confusion matrix on dev</h2>\n")
        .append("<p class=\"note\">Tokens, by gold tag (rows) and predicted tag (columns). ")
        .append("The shade of a cell is its share of the row: ")
        .append("<span class=\"swatch hit\"></span> correct, ")
        .append("<span class=\"swatch miss\"></span> confused.</p>\n")
        .append("<div class=\"scroll\">\n<table class=\"confusion numbers\">\n<thead>\n")
        .append("<tr><td class=\"corner\"></td><th scope=\"colgroup\" colspan=\"")
        .append(labels.size())
        .append("\" class=\"axis\">predicted &#8594;</th><td class=\"corner\"></td></tr>\n")
        .append("<tr><th scope=\"col\" class=\"axis\">gold &#8595;</th>");
    for (String label : labels) {
      html.append("<th scope=\"col\">").append(escape(label)).append("</th>");
    }
    html.append("<th scope=\"col\" class=\"axis\">total</th></tr>\n</thead>\n<tbody>\n");
    for (int g = 0; g < labels.size(); g++) {
      long total = c.rowTotal(g);
      String gold = escape(labels.get(g));
      html.append("<tr><th scope=\"row\">").append(gold).append("</th>");
      for (int p = 0; p < labels.size(); p++) {
        long n = c.count(g, p);
        double share = total == 0 ? 0 : (double) n / total;
        html.append("<td class=\"")
            .append(g == p ? "hit" : "miss")
            .append(n == 0 ? " zero" : "")
            .append("\" style=\"")
            .append(shade(g == p, share))
            .append("\" title=\"gold ")
            .append(gold)
            .append(", predicted ")
            .append(escape(labels.get(p)))
            .append(": ")
            .append(grouped(n))
            .append(total == 0 ? "" : " (" + percent(share) + " of the row)")
            .append("\">")
            .append(grouped(n))
            .append("</td>");
      }
      html.append("<td class=\"total\" title=\"gold ")
          .append(gold)
          .append(": all tokens\">")
          .append(grouped(total))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n</div>\n</section>\n");
  }

  /** The inline style of a heat-map cell: its colour at an opacity that grows with its share. */
  private static String shade(boolean hit, double share) {
    // a square root spreads the small shares apart, where most confusions are; then a floor, so
    // any non-zero cell is visibly tinted
    double alpha = share == 0 ? 0 : 0.08 + 0.92 * Math.sqrt(share);
    String rgb = hit ? "0,114,178" : "213,94,0";
    String ink = alpha > 0.55 ? ";color:#fff" : "";
    return String.format(Locale.ROOT, "background-color:rgba(%s,%.3f)%s", rgb, alpha, ink);
  }

  private static void figure(StringBuilder html, String id, String caption, String svg) {
    html.append("<figure id=\"")
        .append(id)
        .append("\">\n")
        .append(svg)
        .append("\n<figcaption>")
        .append(escape(caption))
        .append("</figcaption>\n</figure>\n");
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  private static String loss(double v) {
    return Double.isNaN(v) ? DASH : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String grouped(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String grouped(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String duration(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long s = Math.round(seconds);
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }

  private static final String STYLE =
      """
      :root { color-scheme: light; --ink: #222; --muted: #666; --rule: #ddd; --blue: #0072b2;
        --orange: #e69f00; --green: #009e73; --vermilion: #d55e00; }
      * { box-sizing: border-box; }
      body { margin: 0; background: #f6f6f4; color: var(--ink);
        font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
      main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; background: #fff;
        min-height: 100vh; }
      h1 { font-size: 26px; margin: 0 0 4px; overflow-wrap: anywhere; }
      h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px;
        border-bottom: 1px solid var(--rule); }
      h3 { font-size: 16px; margin: 20px 0 8px; }
      .summary { margin: 0; color: var(--muted); font-size: 16px; }
      .summary strong { color: var(--ink); }
      .note { color: var(--muted); margin: 0 0 10px; }
      figure { margin: 16px 0 24px; }
      figure svg { display: block; width: 100%; height: auto; }
      figcaption { color: var(--muted); font-size: 14px; margin-top: 4px; text-align: center; }
      .scroll { overflow-x: auto; }
      table { border-collapse: collapse; margin: 8px 0 16px; }
      th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); }
      th { text-align: left; font-weight: 600; }
      thead th { border-bottom: 2px solid #bbb; vertical-align: bottom; }
      .panels { display: flex; flex-wrap: wrap; gap: 8px 40px; align-items: flex-start; }
      .panels > div { flex: 0 1 auto; min-width: 0; }
      .panels > div + div { flex: 1 1 380px; }
      .panels h3 { margin-top: 4px; }
      .keyvalue th { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 500;
        font-size: 14px; white-space: nowrap; }
      .keyvalue th, .keyvalue td { vertical-align: top; }
      .keyvalue td { overflow-wrap: anywhere; }
      .corpora { width: 100%; }
      .numbers td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      .numbers thead th { text-align: right; }
      .numbers thead th:first-child { text-align: left; }
      .epochs tr.best td { background: #eef5fb; font-weight: 600; }
      tfoot th, tfoot td { border-top: 2px solid #bbb; font-weight: 600; }
      th.precision { color: #a66f00; } th.recall { color: var(--green); } th.f1 { color: var(--blue); }
      .confusion td, .confusion th { border: 1px solid #e4e4e4; min-width: 56px; }
      .confusion thead th { text-align: center; }
      .confusion th.axis { color: var(--muted); font-weight: 500; border: 0; }
      .confusion td.corner { border: 0; min-width: 0; }
      .confusion td.zero { color: #bbb; }
      .confusion td.total { color: var(--muted); border-left: 2px solid #bbb; }
      .swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -1px;
        border-radius: 2px; }
      .swatch.hit { background: var(--blue); } .swatch.miss { background: var(--vermilion); }
      @media print { body { background: #fff; } main { padding: 0; } }
      """;
}
