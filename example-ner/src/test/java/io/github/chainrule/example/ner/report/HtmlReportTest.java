package io.github.chainrule.example.ner.report;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

class HtmlReportTest {
  @TempDir Path dir;

  private Document written(TrainingReport report) throws IOException {
    Path file = dir.resolve("report.html");
    HtmlReport.write(report, file);
    return Jsoup.parse(file.toFile(), "UTF-8");
  }

  @Test
  void pageIsHtml5WithTheTitleAndTheSettingsInOrder() throws IOException {
    TrainingReport report = SampleReports.realistic();
    Document doc = written(report);

    assertThat(doc.documentType().name()).isEqualTo("html");
    assertThat(doc.selectFirst("meta[charset]").attr("charset")).isEqualTo("utf-8");
    assertThat(doc.title()).isEqualTo(report.title());
    assertThat(doc.selectFirst("h1").text()).isEqualTo(report.title());

    Elements rows = doc.select("table.settings tbody tr");
    assertThat(texts(rows, "th")).containsExactlyElementsIn(report.settings().keySet()).inOrder();
    assertThat(texts(rows, "td")).containsExactlyElementsIn(report.settings().values()).inOrder();
    Elements corpora = doc.select("table.corpora tbody tr");
    assertThat(texts(corpora, "th")).containsExactlyElementsIn(report.corpora().keySet()).inOrder();
    assertThat(texts(corpora, "td")).containsExactlyElementsIn(report.corpora().values()).inOrder();
  }

  @Test
  void summaryNamesTheBestEpochAndItsScores() throws IOException {
    TrainingReport report = SampleReports.realistic();
    String summary = written(report).selectFirst("p.summary").text();
    assertThat(summary)
        .contains("Best epoch " + report.bestEpoch() + " of " + report.epochs().size());
    assertThat(summary).contains("dev F1 " + percent(report.dev().f1()));
    assertThat(summary).contains("test F1 " + percent(report.test().f1()));
  }

  @Test
  void everyPlotIsWellFormedInlineSvg() throws Exception {
    Path file = dir.resolve("report.html");
    HtmlReport.write(SampleReports.realistic(), file);
    String page = Files.readString(file, UTF_8);
    Document doc = Jsoup.parse(page);

    assertThat(doc.select("figure > svg")).hasSize(4);
    assertThat(doc.select("figure").eachAttr("id"))
        .containsExactly("loss-plot", "dev-plot", "dev-types-plot", "test-types-plot")
        .inOrder();
    // the browser parses them as HTML, but they are XML too: each parses on its own
    Matcher svg = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(page);
    int count = 0;
    DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
    xml.setNamespaceAware(true);
    while (svg.find()) {
      org.w3c.dom.Document parsed =
          xml.newDocumentBuilder().parse(new InputSource(new StringReader(svg.group())));
      assertThat(parsed.getDocumentElement().getAttribute("viewBox")).isNotEmpty();
      count++;
    }
    assertThat(count).isEqualTo(4);

    // the plots share the page's id space: ids are unique, and each plot's clip paths are its own
    List<String> ids = doc.getAllElements().eachAttr("id");
    assertThat(Set.copyOf(ids)).hasSize(ids.size());
    Pattern ref = Pattern.compile("url\\(#([^)]+)\\)");
    for (Element plot : doc.select("figure > svg")) {
      Set<String> own = Set.copyOf(plot.getAllElements().eachAttr("id"));
      for (Element e : plot.select("[clip-path]")) {
        Matcher m = ref.matcher(e.attr("clip-path"));
        assertThat(m.matches()).isTrue();
        assertThat(own).contains(m.group(1));
      }
    }
  }

  @Test
  void lossPlotHasBothSeriesWithAPointPerEpoch() throws IOException {
    TrainingReport report = SampleReports.realistic();
    Element plot = written(report).selectFirst("#loss-plot svg");

    assertThat(svgTexts(plot)).containsAtLeast(Charts.TRAIN_LOSS, Charts.DEV_LOSS, "epoch");
    int epochs = report.epochs().size();
    // one filled marker per epoch, and one in the legend
    assertThat(markers(plot, Charts.BLUE)).hasSize(epochs + 1);
    assertThat(markers(plot, Charts.VERMILION)).hasSize(epochs + 1);
    // the markers go left to right in epoch order, and down as the training loss falls
    List<double[]> train = markers(plot, Charts.BLUE).subList(1, epochs + 1);
    for (int i = 1; i < epochs; i++) {
      assertThat(train.get(i)[0]).isGreaterThan(train.get(i - 1)[0]);
      // SVG's y grows downwards: a smaller loss sits lower, at a larger y
      assertThat(train.get(i)[1]).isGreaterThan(train.get(i - 1)[1]);
    }
  }

  @Test
  void devPlotHasF1PrecisionRecallAndMarksTheBestEpoch() throws IOException {
    TrainingReport report = SampleReports.realistic();
    Element plot = written(report).selectFirst("#dev-plot svg");

    assertThat(svgTexts(plot))
        .containsAtLeast(
            Charts.DEV_F1,
            Charts.DEV_PRECISION,
            Charts.DEV_RECALL,
            "best epoch " + report.bestEpoch());
    int epochs = report.epochs().size();
    assertThat(markers(plot, Charts.BLUE)).hasSize(epochs + 1);
    assertThat(markers(plot, Charts.ORANGE)).hasSize(epochs + 1);
    assertThat(markers(plot, Charts.GREEN)).hasSize(epochs + 1);
  }

  @Test
  void epochTableHasARowPerEpochAndHighlightsTheBest() throws IOException {
    TrainingReport report = SampleReports.realistic();
    Elements rows = written(report).select("table.epochs tbody tr");

    assertThat(rows).hasSize(report.epochs().size());
    for (int i = 0; i < rows.size(); i++) {
      Epoch e = report.epochs().get(i);
      List<String> cells = rows.get(i).select("td").eachText();
      assertThat(cells.get(0)).startsWith(String.valueOf(e.epoch()));
      assertThat(cells.get(1)).isEqualTo(String.format(Locale.ROOT, "%.4f", e.trainLoss()));
      assertThat(cells.get(5)).isEqualTo(percent(e.devF1()));
      assertThat(rows.get(i).hasClass("best")).isEqualTo(e.epoch() == report.bestEpoch());
    }
  }

  @Test
  void perTypeTablesAndBarsShowEveryTypeOnDevAndTest() throws IOException {
    TrainingReport report = SampleReports.realistic();
    Document doc = written(report);
    assertPerType(doc.selectFirst("#dev-types"), report.dev());
    assertPerType(doc.selectFirst("#test-types"), report.test());
  }

  private static void assertPerType(Element section, Scores scores) {
    Elements rows = section.select("table.types tbody tr");
    assertThat(rows).hasSize(scores.perType().size());
    for (int i = 0; i < rows.size(); i++) {
      TypeScore t = scores.perType().get(i);
      assertThat(rows.get(i).selectFirst("th").text()).isEqualTo(t.type());
      assertThat(rows.get(i).select("td").eachText())
          .containsExactly(
              grouped(t.gold()),
              grouped(t.found()),
              grouped(t.correct()),
              percent(t.precision()),
              percent(t.recall()),
              percent(t.f1()))
          .inOrder();
    }
    assertThat(section.select("table.types tfoot td").eachText())
        .containsExactly(
            grouped(scores.gold()),
            grouped(scores.found()),
            grouped(scores.correct()),
            percent(scores.precision()),
            percent(scores.recall()),
            percent(scores.f1()))
        .inOrder();

    Element bars = section.selectFirst("figure svg");
    List<String> texts = svgTexts(bars);
    assertThat(texts).containsAtLeast(Charts.PRECISION, Charts.RECALL, Charts.F1);
    for (TypeScore t : scores.perType()) {
      assertThat(texts).contains(t.type());
    }
    // one bar per type and score, each as tall as its score
    List<Double> f1Heights = barHeights(bars, Charts.BLUE);
    assertThat(f1Heights).hasSize(scores.perType().size());
    assertThat(barHeights(bars, Charts.ORANGE)).hasSize(scores.perType().size());
    assertThat(barHeights(bars, Charts.GREEN)).hasSize(scores.perType().size());
    double perPoint = f1Heights.get(0) / scores.perType().get(0).f1();
    for (int i = 0; i < f1Heights.size(); i++) {
      assertThat(f1Heights.get(i)).isWithin(1.0).of(perPoint * scores.perType().get(i).f1());
    }
  }

  @Test
  void confusionMatrixHasEveryCellShadedByItsShareOfTheRow() throws IOException {
    TrainingReport report = SampleReports.realistic();
    Confusion c = report.confusion();
    Element table = written(report).selectFirst("#confusion table.confusion");
    int n = c.labels().size();

    List<String> header = table.select("thead tr").get(1).select("th").eachText();
    assertThat(header.subList(1, n + 1)).containsExactlyElementsIn(c.labels()).inOrder();
    Elements rows = table.select("tbody tr");
    assertThat(rows).hasSize(n);
    List<double[]> shareAndAlpha = new ArrayList<>();
    for (int g = 0; g < n; g++) {
      Element row = rows.get(g);
      assertThat(row.selectFirst("th").text()).isEqualTo(c.labels().get(g));
      Elements cells = row.select("td");
      assertThat(cells).hasSize(n + 1);
      for (int p = 0; p < n; p++) {
        Element cell = cells.get(p);
        assertThat(cell.text()).isEqualTo(grouped(c.count(g, p)));
        assertThat(cell.hasClass(g == p ? "hit" : "miss")).isTrue();
        assertThat(cell.attr("title"))
            .startsWith("gold " + c.labels().get(g) + ", predicted " + c.labels().get(p) + ": ");
        shareAndAlpha.add(new double[] {(double) c.count(g, p) / c.rowTotal(g), alpha(cell)});
      }
      assertThat(cells.get(n).text()).isEqualTo(grouped(c.rowTotal(g)));
    }
    // the shade follows the share of the row, not the raw count: a larger share is never lighter
    shareAndAlpha.sort((a, b) -> Double.compare(a[0], b[0]));
    for (int i = 1; i < shareAndAlpha.size(); i++) {
      assertThat(shareAndAlpha.get(i)[1]).isAtLeast(shareAndAlpha.get(i - 1)[1]);
    }
    assertThat(shareAndAlpha.get(0)[0]).isEqualTo(0.0);
    assertThat(shareAndAlpha.get(0)[1]).isEqualTo(0.0);
  }

  @Test
  void textFromTheReportIsEscapedEverywhere() throws IOException {
    TrainingReport report = SampleReports.oneEpochNothingFound();
    Path file = dir.resolve("report.html");
    HtmlReport.write(report, file);
    String page = Files.readString(file, UTF_8);
    Document doc = Jsoup.parse(page);

    // nothing from the data became markup
    assertThat(doc.select("script, b, i")).isEmpty();
    assertThat(doc.title()).isEqualTo(report.title());
    assertThat(doc.selectFirst("h1").text()).isEqualTo(report.title());
    assertThat(doc.select("table.settings td").eachText())
        .containsExactlyElementsIn(report.settings().values())
        .inOrder();
    List<String> types = report.dev().perType().stream().map(TypeScore::type).toList();
    assertThat(doc.select("#dev-types table.types tbody th").eachText())
        .containsExactlyElementsIn(types)
        .inOrder();
    assertThat(types).contains(SampleReports.AWKWARD);
    // JFreeChart may wrap a long name over two lines, as two <text> elements
    String plotted = String.join("", svgTexts(doc.selectFirst("#dev-types svg")));
    for (String type : types) {
      assertThat(plotted).contains(type);
    }
    assertThat(doc.select("table.confusion thead th").eachText())
        .containsAtLeast("B-" + SampleReports.AWKWARD, "I-" + SampleReports.AWKWARD);
    assertThat(doc.select("table.confusion td[title]").eachAttr("title"))
        .contains("gold B-" + SampleReports.AWKWARD + ", predicted O: 12 (100.00% of the row)");
    // the emoji arrived whole, as UTF-8
    assertThat(page).contains("caf\u00e9 \uD83D\uDE00");
  }

  @Test
  void charactersThatHtmlForbidsBecomeReplacementCharacters() {
    assertThat(Html.escape("a\u0000b\u0007c\u0085d\uD800e\tf\n"))
        .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\tf\n");
    assertThat(Html.escape("<&>\"'")).isEqualTo("&lt;&amp;&gt;&quot;&#39;");
    assertThat(Html.printable("\uD83D\uDE00 ok")).isEqualTo("\uD83D\uDE00 ok");
  }

  @Test
  void pageLoadsNothingFromOutside() throws IOException {
    for (TrainingReport report :
        List.of(SampleReports.realistic(), SampleReports.oneEpochNothingFound())) {
      Path file = dir.resolve("report.html");
      HtmlReport.write(report, file);
      String page = Files.readString(file, UTF_8);
      Document doc = Jsoup.parse(page);

      assertThat(doc.select("script, link, iframe, img, object, embed, video, audio, source"))
          .isEmpty();
      for (Element e : doc.getAllElements()) {
        for (Attribute a : e.attributes()) {
          String key = a.getKey().toLowerCase(Locale.ROOT);
          if (key.equals("src") || key.endsWith("href") || key.equals("srcset")) {
            // only links inside the page (#id) are allowed
            assertThat(a.getValue()).startsWith("#");
          }
        }
      }
      assertThat(page).doesNotContainMatch("(?i)@import");
      assertThat(page).doesNotContainMatch("(?i)url\\(\\s*['\"]?(?!#)");
      assertThat(page).doesNotContainMatch("(?i)(src|href)\\s*=\\s*['\"]?\\s*(https?:)?//");
    }
  }

  @Test
  void writeIsAtomicAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("out").resolve("report.html");
    HtmlReport.write(SampleReports.oneEpochNothingFound(), file);
    HtmlReport.write(SampleReports.realistic(), file);

    assertThat(listing(file.getParent())).containsExactly("report.html");
    assertThat(Files.readString(file, UTF_8))
        .isEqualTo(HtmlReport.render(SampleReports.realistic()));
  }

  @Test
  void failedWriteNamesTheFileAndLeavesNoTemporaryFile() throws IOException {
    // a non-empty directory where the report should go: the final move must fail
    Path file = dir.resolve("report.html");
    Files.createDirectories(file);
    Files.writeString(file.resolve("keep"), "x");

    IOException e =
        assertThrows(IOException.class, () -> HtmlReport.write(SampleReports.realistic(), file));
    assertThat(e).hasMessageThat().contains(file.toString());
    assertThat(listing(dir)).containsExactly("report.html");
    assertThat(listing(file)).containsExactly("keep");
  }

  @Test
  void oneEpochWithNothingFoundStillGetsEveryPart() throws IOException {
    TrainingReport report = SampleReports.oneEpochNothingFound();
    Document doc = written(report);

    // no test set: three plots, no test section
    assertThat(doc.select("figure > svg")).hasSize(3);
    assertThat(doc.select("#test-types")).isEmpty();
    assertThat(doc.selectFirst("p.summary").text()).doesNotContain("test");

    Element loss = doc.selectFirst("#loss-plot svg");
    // no dev loss was recorded: no dev loss series, one train loss point plus its legend marker
    assertThat(svgTexts(loss)).contains(Charts.TRAIN_LOSS);
    assertThat(svgTexts(loss)).doesNotContain(Charts.DEV_LOSS);
    assertThat(markers(loss, Charts.BLUE)).hasSize(2);
    assertThat(markers(loss, Charts.VERMILION)).isEmpty();
    // the loss axis spans a range, not one value repeated on every tick
    List<String> ticks = svgTexts(loss).stream().filter(t -> t.matches("[0-9.]+")).toList();
    assertThat(ticks.size()).isGreaterThan(2);
    assertThat(Set.copyOf(ticks)).hasSize(ticks.size());

    Element dev = doc.selectFirst("#dev-plot svg");
    assertThat(svgTexts(dev)).contains("best epoch 1");
    assertThat(markers(dev, Charts.BLUE)).hasSize(2);

    assertThat(doc.select("table.epochs tbody tr")).hasSize(1);
    assertThat(doc.select("table.epochs tbody td").eachText().get(2)).isEqualTo("\u2013");
    for (Element row : doc.select("#dev-types table.types tbody tr")) {
      assertThat(row.select("td").eachText())
          .containsExactly("12", "0", "0", "0.00%", "0.00%", "0.00%")
          .inOrder();
    }
    assertThat(doc.select("#dev-types figure svg")).hasSize(1);
  }

  @Test
  void manyLongTypeNamesAreTiltedAndStayText() throws IOException {
    List<TypeScore> perType = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      perType.add(SampleReports.typeScore("entity-type-number-" + i, 10, 10, 5 + i % 5));
    }
    TrainingReport report =
        TrainingReport.builder("many types")
            .epoch(new Epoch(1, 1, 1, 0.5, 0.5, 0.5, 10, 1))
            .bestEpoch(1)
            .dev(new Scores(0.5, 0.5, 0.5, 0.9, perType))
            .confusion(SampleReports.confusion())
            .build();
    Element bars = written(report).selectFirst("#dev-types svg");
    String plotted = String.join("", svgTexts(bars));
    for (TypeScore t : perType) {
      assertThat(plotted).contains(t.type());
    }
    // tilted: each type's label is drawn under a rotation, and not one is left level
    int labels = 0;
    for (Element text : bars.select("text")) {
      if (text.text().startsWith("entity-type")) {
        assertThat(text.parent().attr("transform")).startsWith("matrix(");
        labels++;
      }
    }
    assertThat(labels).isAtLeast(perType.size());
    assertThat(rotatedTexts(written(SampleReports.realistic()).selectFirst("#dev-types svg")))
        .containsExactly("score (%)");
    assertThat(barHeights(bars, Charts.BLUE)).hasSize(perType.size());
  }

  @Test
  void writesWithoutADisplayEvenWhenDisplayNamesOneThatIsGone() throws Exception {
    // a training run outlives the ssh -X session it started in; the report must not need X
    Path file = dir.resolve("report.html");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SampleReports.class.getName(),
                file.toString())
            .redirectErrorStream(true);
    pb.environment().put("DISPLAY", "127.0.0.1:99");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor()).isEqualTo(0);
    assertThat(output).isEmpty();
    assertThat(Files.readString(file, UTF_8))
        .isEqualTo(HtmlReport.render(SampleReports.realistic()));
  }

  @Test
  void sameReportGivesTheSamePage() {
    assertThat(HtmlReport.render(SampleReports.realistic()))
        .isEqualTo(HtmlReport.render(SampleReports.realistic()));
  }

  // --- reading the SVG that JFreeChart drew ---

  private static List<String> svgTexts(Element svg) {
    return svg.select("text").eachText();
  }

  private static List<String> rotatedTexts(Element svg) {
    return svg.select("g[transform^=matrix] > text").eachText();
  }

  private static final Pattern FIRST_POINT = Pattern.compile("^M(-?[0-9.]+),(-?[0-9.]+)");

  /**
   * The filled shapes of one series colour, as the first point of each path: the line renderer
   * draws each data point as one filled path, and one more in the legend (that one first).
   */
  private static List<double[]> markers(Element svg, Color colour) {
    List<double[]> points = new ArrayList<>();
    for (Element g : svg.select("g[style^=fill:" + rgb(colour) + ";] > path")) {
      Matcher m = FIRST_POINT.matcher(g.attr("d"));
      assertThat(m.find()).isTrue();
      points.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
    }
    return points;
  }

  private static List<Double> barHeights(Element svg, Color colour) {
    return svg.select("rect[style^=fill:" + rgb(colour) + "]").stream()
        .map(r -> Double.parseDouble(r.attr("height")))
        .collect(Collectors.toList());
  }

  private static String rgb(Color c) {
    return "rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
  }

  private static final Pattern RGBA = Pattern.compile("rgba\\([0-9]+,[0-9]+,[0-9]+,([0-9.]+)\\)");

  private static double alpha(Element cell) {
    Matcher m = RGBA.matcher(cell.attr("style"));
    assertThat(m.find()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  // --- small helpers ---

  private static List<String> texts(Elements rows, String cell) {
    return rows.stream().map(r -> r.selectFirst(cell).text()).toList();
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
