package io.github.chainrule.example.ner.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's plots: JFreeChart charts drawn into JFreeSVG's {@link SVGGraphics2D}, returned as
 * inline {@code <svg>} elements. Text stays text ({@code <text>} elements), so the page's text
 * search finds legends and labels, and so do the tests.
 */
final class Charts {
  static {
    // The plots need fonts, never a screen; but AWT connects to the display named by DISPLAY
    // when it measures text, and fails at the end of a long training run if that display is gone
    // (a closed ssh -X session). Headless mode measures without one. Only set when nobody chose,
    // and first in the class: the first use of java.awt.Color fixes headless mode for good.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** The drawing size in SVG user units; the page scales it to the column width. */
  static final int WIDTH = 900;

  static final int LINE_HEIGHT = 380;
  static final int BAR_HEIGHT = 400;

  /** Series names, also the legend texts. */
  static final String TRAIN_LOSS = "train loss";

  static final String DEV_LOSS = "dev loss";
  static final String DEV_F1 = "dev F1";
  static final String DEV_PRECISION = "dev precision";
  static final String DEV_RECALL = "dev recall";
  static final String PRECISION = "precision";
  static final String RECALL = "recall";
  static final String F1 = "F1";

  // Okabe-Ito colours: told apart by colour-blind readers too. F1 is always blue, precision orange,
  // recall green, in every plot and in the tables' legend.
  static final Color BLUE = new Color(0x0072B2);
  static final Color ORANGE = new Color(0xE69F00);
  static final Color GREEN = new Color(0x009E73);
  static final Color VERMILION = new Color(0xD55E00);
  private static final Color GRID = new Color(0xDDDDDD);
  private static final Color INK = new Color(0x222222);
  private static final Color BEST = new Color(0x666666);

  static {
    // JFreeChart draws rotated text (the vertical axis label, tilted type names) through a
    // TextLayout by default, a workaround for old screen-rendering bugs; into SVG that turns the
    // text into glyph outlines: bigger, blurry when scaled, and no longer text. Plain drawString
    // under a rotation gives an SVG <text> with a transform. The setting is JFreeChart-wide; the
    // report is its only user in this program.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private Charts() {}

  /** Train loss, and dev loss where known, per epoch. */
  static String loss(List<Epoch> epochs, String id) {
    XYSeries train = new XYSeries(TRAIN_LOSS, false, false);
    XYSeries dev = new XYSeries(DEV_LOSS, false, false);
    boolean anyDev = false;
    for (Epoch e : epochs) {
      // NaN or infinite losses become gaps: JFreeChart skips NaN, infinity would wreck the axis
      train.add(e.epoch(), finiteOrNaN(e.trainLoss()));
      dev.add(e.epoch(), finiteOrNaN(e.devLoss()));
      anyDev |= Double.isFinite(e.devLoss());
    }
    XYSeriesCollection data = new XYSeriesCollection(train);
    if (anyDev) {
      data.addSeries(dev);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            null, "epoch", "mean loss", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = styleXY(chart, epochs);
    XYLineAndShapeRenderer lines = lines(BLUE, VERMILION);
    plot.setRenderer(lines);
    plot.getRangeAxis().setRange(lossRange(epochs, anyDev));
    return svg(chart, id, LINE_HEIGHT);
  }

  /**
   * The loss axis: the finite losses with a margin, never below zero when no loss is (JFreeChart's
   * automatic range would zoom into a single value until every tick reads the same).
   */
  private static Range lossRange(List<Epoch> epochs, boolean withDev) {
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (Epoch e : epochs) {
      for (double v :
          withDev ? new double[] {e.trainLoss(), e.devLoss()} : new double[] {e.trainLoss()}) {
        if (Double.isFinite(v)) {
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
      }
    }
    if (low > high) {
      return new Range(0, 1); // every loss NaN: an empty plot with a sane axis
    }
    double span = high - low;
    double pad =
        span > 1e-9 * Math.max(1, Math.abs(high))
            ? 0.08 * span
            : Math.max(0.1 * Math.abs(high), 0.05);
    double lower = low - pad;
    if (low >= 0 && lower < 0) {
      lower = 0;
    }
    return new Range(lower, high + pad);
  }

  /** Dev F1, precision and recall per epoch, in percent, with the best epoch marked. */
  static String devScores(List<Epoch> epochs, int bestEpoch, String id) {
    XYSeries f1 = new XYSeries(DEV_F1, false, false);
    XYSeries precision = new XYSeries(DEV_PRECISION, false, false);
    XYSeries recall = new XYSeries(DEV_RECALL, false, false);
    double low = 100;
    double high = 0;
    for (Epoch e : epochs) {
      f1.add(e.epoch(), 100 * e.devF1());
      precision.add(e.epoch(), 100 * e.devPrecision());
      recall.add(e.epoch(), 100 * e.devRecall());
      for (double v : new double[] {e.devF1(), e.devPrecision(), e.devRecall()}) {
        low = Math.min(low, 100 * v);
        high = Math.max(high, 100 * v);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection(f1);
    data.addSeries(precision);
    data.addSeries(recall);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            null, "epoch", "dev score (%)", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = styleXY(chart, epochs);
    XYLineAndShapeRenderer lines = lines(BLUE, ORANGE, GREEN);
    // F1 is the score that picks the model: draw it thicker than its two parts
    lines.setSeriesStroke(0, new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    plot.setRenderer(lines);

    // Scores live in [0, 100]: zoom in on the values but show no tick outside it, and keep a few
    // points of span so a flat line (one epoch, or nothing found) still gets an axis.
    double pad = Math.max(2, (high - low) * 0.1);
    double lower = Math.max(0, low - pad);
    double upper = Math.min(100, high + pad);
    if (upper - lower < 5) {
      lower = Math.max(0, Math.min(lower, upper - 5));
      upper = Math.min(100, lower + 5);
    }
    // a point at exactly 0 or 100 would sit on the frame, half clipped: leave it a sliver of room,
    // less than any tick unit JFreeChart picks for this span, so no tick shows -0.5 or 100.5
    double sliver = 0.02 * (upper - lower);
    plot.getRangeAxis().setRange(lower == 0 ? -sliver : lower, upper == 100 ? 100 + sliver : upper);

    ValueMarker best = new ValueMarker(bestEpoch);
    best.setPaint(BEST);
    best.setStroke(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    best.setLabel("best epoch " + bestEpoch);
    best.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    best.setLabelPaint(INK);
    best.setLabelBackgroundColor(new Color(255, 255, 255, 220));
    // the label sits inside the plot next to the line, on the side that has room
    boolean late = bestEpoch > (epochs.get(0).epoch() + epochs.get(epochs.size() - 1).epoch()) / 2;
    best.setLabelAnchor(late ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.BOTTOM_RIGHT);
    best.setLabelTextAnchor(late ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
    best.setLabelOffset(new RectangleInsets(8, 6, 8, 6));
    plot.addDomainMarker(best);
    return svg(chart, id, LINE_HEIGHT);
  }

  /** Precision, recall and F1 per entity type, in percent, as grouped bars. */
  static String perType(Scores scores, String id) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (TypeScore t : scores.perType()) {
      String type = Html.printable(t.type());
      data.addValue(100 * t.precision(), PRECISION, type);
      data.addValue(100 * t.recall(), RECALL, type);
      data.addValue(100 * t.f1(), F1, type);
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            null, "entity type", "score (%)", data, PlotOrientation.VERTICAL, true, false, false);
    theme().apply(chart);
    styleLegend(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlineVisible(false);
    plot.getRangeAxis().setRange(0, 100);
    plot.getRangeAxis().setStandardTickUnits(NumberAxis.createStandardTickUnits(Locale.ROOT));
    CategoryAxis types = plot.getDomainAxis();
    types.setMaximumCategoryLabelLines(2);
    int longest = scores.perType().stream().mapToInt(t -> t.type().length()).max().orElse(0);
    // about 8 units a character at 14 px; a name may take two lines of its category's width
    double room = 2 * 0.8 * WIDTH / Math.max(1, scores.perType().size());
    if (8 * longest > room) {
      // long names side by side would be cut to "..."; tilted they fit
      types.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    types.setCategoryMargin(0.25);
    BarRenderer bars = (BarRenderer) plot.getRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setDrawBarOutline(false);
    bars.setItemMargin(0.05);
    bars.setMaximumBarWidth(0.08);
    bars.setSeriesPaint(0, ORANGE);
    bars.setSeriesPaint(1, GREEN);
    bars.setSeriesPaint(2, BLUE);
    return svg(chart, id, BAR_HEIGHT);
  }

  private static XYPlot styleXY(JFreeChart chart, List<Epoch> epochs) {
    theme().apply(chart);
    styleLegend(chart);
    XYPlot plot = chart.getXYPlot();
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlineVisible(false);
    NumberAxis domain = (NumberAxis) plot.getDomainAxis();
    // epochs are whole numbers: no tick at 2.5
    domain.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
    // tick labels the same in every locale (a decimal point, never a comma)
    plot.getRangeAxis().setStandardTickUnits(NumberAxis.createStandardTickUnits(Locale.ROOT));
    double first = epochs.get(0).epoch();
    double last = epochs.get(epochs.size() - 1).epoch();
    // half an epoch of room either side, so the first and last points are not on the frame
    domain.setRange(first - 0.5, last + 0.5);
    return plot;
  }

  private static void styleLegend(JFreeChart chart) {
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.TOP);
    legend.setFrame(BlockBorder.NONE);
    legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 18));
  }

  private static XYLineAndShapeRenderer lines(Color... colours) {
    // shapes on: a single epoch is a point, and a line alone would draw nothing
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
    // a filled shape is enough; its outline in the same colour would double the drawing
    lines.setDrawOutlines(false);
    for (int i = 0; i < colours.length; i++) {
      lines.setSeriesPaint(i, colours[i]);
      lines.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }
    return lines;
  }

  /** One theme for every chart: white, flat, larger text than JFreeChart's default. */
  private static StandardChartTheme theme() {
    StandardChartTheme theme = new StandardChartTheme("chainrule report", false);
    theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    theme.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    theme.setChartBackgroundPaint(Color.WHITE);
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setLegendBackgroundPaint(Color.WHITE);
    theme.setAxisLabelPaint(INK);
    theme.setTickLabelPaint(INK);
    theme.setLegendItemPaint(INK);
    theme.setBarPainter(new StandardBarPainter());
    theme.setXYBarPainter(new StandardXYBarPainter());
    theme.setShadowVisible(false);
    theme.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
    return theme;
  }

  private static String svg(JFreeChart chart, String id, int height) {
    chart.setPadding(new RectangleInsets(8, 8, 8, 16));
    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, height);
    // Several SVGs share one HTML document, and so one id space: give each its own prefix for the
    // clip paths it defines. A fixed prefix (not JFreeSVG's time-based default) keeps the page
    // identical for identical input.
    g2.setDefsKeyPrefix(id + "-");
    // two decimals are a hundredth of a pixel at full size, and keep the page small
    g2.setGeomDoubleConverter(Charts::twoDecimals);
    chart.draw(g2, new Rectangle2D.Double(0, 0, WIDTH, height));
    // no width/height: the page's CSS sizes the plot, the view box keeps its proportions
    return g2.getSVGElement(id, false, new ViewBox(0, 0, WIDTH, height), null, null);
  }

  private static String twoDecimals(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    // "12.50" -> "12.5", "12.00" -> "12", "-0.00" -> "0"
    s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    return s.equals("-0") ? "0" : s;
  }

  private static double finiteOrNaN(double v) {
    return Double.isFinite(v) ? v : Double.NaN;
  }
}
