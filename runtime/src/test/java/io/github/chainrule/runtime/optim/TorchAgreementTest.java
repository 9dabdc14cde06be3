package io.github.chainrule.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chainrule.runtime.param.Parameters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every optimizer, clipping mode and schedule against {@code torch.optim} (PyTorch 1.13, float64)
 * over 100 steps. The expected values are the committed CSV files under {@code
 * src/test/resources/optim/}, written by {@code src/test/python/make_optim_vectors.py}; its
 * docstring defines the gradient sequences, which this test reproduces bit for bit.
 *
 * <p>Agreement is required to {@value #TOLERANCE} per element at every step, measured as {@code
 * |java - torch| <= 1e-12 * max(1, |torch|)}: absolute for values of magnitude up to 1 (all the
 * parameters here), relative above (the gradient norms). The differences that remain are the last
 * bits of rounding: PyTorch's vectorised kernels fuse some multiply-adds, and its schedulers update
 * the rate recursively where Java uses the closed form.
 */
class TorchAgreementTest {

  static final double TOLERANCE = 1e-12;
  static final int STEPS = 100;

  private static final List<String> SUMMARY = new ArrayList<>();

  @AfterAll
  static void printSummary() {
    // The largest deviation per file, for the record (the README quotes these).
    SUMMARY.forEach(System.out::println);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "sgd",
        "sgd_weight_decay",
        "sgd_momentum",
        "sgd_nesterov",
        "adagrad",
        "adagrad_options",
        "rmsprop",
        "rmsprop_centered",
        "rmsprop_options",
        "adam",
        "adam_options",
        "adamw",
        "adamw_options",
        "clip_norm",
        "clip_inf_norm",
        "schedule_step",
        "schedule_exponential",
        "schedule_cosine",
        "schedule_linear",
        "schedule_warmup_cosine"
      })
  void denseRunMatchesTorch(String name) throws IOException {
    Table expected = Table.read(name);
    double[] a = new double[4];
    double[][] w = new double[3][3];
    double[] ga = new double[4];
    double[][] gw = new double[3][3];
    Parameters params = Parameters.builder().add("a", a).add("W", w).build();
    Parameters grads = Parameters.builder().add("a", ga).add("W", gw).build();
    for (int e = 0; e < 13; e++) {
      set(params, e, ((5 * e + 3) % 11 - 5) / 8.0);
    }
    Optimizer opt = denseOptimizer(name).apply(params, grads);
    LearningRateSchedule schedule = schedule(name);
    double clipNorm = name.equals("clip_norm") ? 9.3 : name.equals("clip_inf_norm") ? 5.5 : 0;
    double normType = name.equals("clip_inf_norm") ? Double.POSITIVE_INFINITY : 2.0;
    int column = clipNorm > 0 ? 3 : 2;

    Deviation dev = new Deviation(name);
    for (int t = 0; t < STEPS; t++) {
      double[] row = expected.rows.get(t);
      assertEquals(t + 1, (int) row[0]);
      if (schedule != null) {
        schedule.applyTo(opt, t);
      }
      dev.check(t, "lr", opt.learningRate(), row[1]);
      for (int e = 0; e < 13; e++) {
        double d = ((7 * t + 13 * e + 3) % 17 - 8) / 4.0 * (1 + e % 3);
        set(grads, e, 0.5 * get(params, e) + d);
      }
      if (clipNorm > 0) {
        double total = GradientClipping.clipGlobalNorm(grads, clipNorm, normType);
        dev.check(t, "total norm", total, row[2]);
      }
      opt.step();
      for (int e = 0; e < 13; e++) {
        dev.check(t, expected.columns[column + e], get(params, e), row[column + e]);
      }
    }
    SUMMARY.add(dev.summary());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sparse_adam", "sparse_adam_options", "sparse_sgd", "sparse_adagrad"})
  void sparseRunMatchesTorch(String name) throws IOException {
    Table expected = Table.read(name);
    double[][] emb = new double[10][3];
    double[][] grad = new double[10][3];
    for (int r = 0; r < 10; r++) {
      for (int j = 0; j < 3; j++) {
        emb[r][j] = ((5 * (3 * r + j) + 3) % 11 - 5) / 8.0;
      }
    }
    SparseOptimizer opt =
        switch (name) {
          case "sparse_adam" -> SparseAdam.builder().learningRate(0.05).build(emb, grad);
          case "sparse_adam_options" ->
              SparseAdam.builder().learningRate(0.02).betas(0.8, 0.99).eps(1e-6).build(emb, grad);
          case "sparse_sgd" -> new SparseSgd(emb, grad, 0.1);
          case "sparse_adagrad" -> SparseAdagrad.builder().learningRate(0.1).lrDecay(0.01).build(emb, grad);
          default -> throw new AssertionError(name);
        };
    RowSet rows = new RowSet(10);
    int[] touched = new int[5];
    double[][] values = new double[5][3];
    Deviation dev = new Deviation(name);
    for (int t = 0; t < STEPS; t++) {
      double[] row = expected.rows.get(t);
      for (int i = 0; i < 4; i++) {
        touched[i] = (3 * t + 7 * i) % 10;
      }
      touched[4] = (3 * t) % 10;
      // All values first, from the embedding as it is before the step.
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 3; j++) {
          values[i][j] = ((5 * t + 3 * i + 11 * j) % 13 - 6) / 4.0 + 0.25 * emb[touched[i]][j];
        }
      }
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 3; j++) {
          grad[touched[i]][j] += values[i][j];
        }
      }
      rows.clear();
      rows.addAll(touched);
      assertEquals(4, rows.size());
      dev.check(t, "lr", opt.learningRate(), row[1]);
      opt.step(rows);
      opt.zeroGrad(rows);
      for (int r = 0; r < 10; r++) {
        for (int j = 0; j < 3; j++) {
          dev.check(t, expected.columns[2 + 3 * r + j], emb[r][j], row[2 + 3 * r + j]);
        }
      }
    }
    for (double[] g : grad) {
      for (double x : g) {
        assertEquals(0.0, x, "zeroGrad(rows) leaves the gradient clean");
      }
    }
    SUMMARY.add(dev.summary());
  }

  private static BiFunction<Parameters, Parameters, Optimizer> denseOptimizer(String name) {
    return switch (name) {
      case "sgd", "clip_norm", "clip_inf_norm" -> (p, g) -> Sgd.plain(0.05, p, g);
      case "sgd_weight_decay" ->
          (p, g) -> Sgd.builder().learningRate(0.05).weightDecay(0.1).build(p, g);
      case "sgd_momentum" ->
          (p, g) -> Sgd.builder().learningRate(0.05).momentum(0.9).dampening(0.1).build(p, g);
      case "sgd_nesterov" ->
          (p, g) ->
              Sgd.builder()
                  .learningRate(0.05)
                  .momentum(0.9)
                  .nesterov(true)
                  .weightDecay(0.01)
                  .build(p, g);
      case "adagrad" -> (p, g) -> Adagrad.builder().learningRate(0.1).build(p, g);
      case "adagrad_options" ->
          (p, g) ->
              Adagrad.builder()
                  .learningRate(0.1)
                  .lrDecay(0.01)
                  .weightDecay(0.05)
                  .initialAccumulatorValue(0.5)
                  .eps(1e-6)
                  .build(p, g);
      case "rmsprop" -> (p, g) -> RmsProp.builder().learningRate(0.01).build(p, g);
      case "rmsprop_centered" ->
          (p, g) -> RmsProp.builder().learningRate(0.01).centered(true).build(p, g);
      case "rmsprop_options" ->
          (p, g) ->
              RmsProp.builder()
                  .learningRate(0.01)
                  .alpha(0.9)
                  .eps(1e-6)
                  .weightDecay(0.02)
                  .momentum(0.5)
                  .centered(true)
                  .build(p, g);
      case "adam", "schedule_warmup_cosine" ->
          (p, g) -> Adam.builder().learningRate(0.05).build(p, g);
      case "adam_options" ->
          (p, g) ->
              Adam.builder()
                  .learningRate(0.05)
                  .betas(0.8, 0.99)
                  .eps(1e-6)
                  .weightDecay(0.1)
                  .amsgrad(true)
                  .build(p, g);
      case "adamw" -> (p, g) -> AdamW.builder().learningRate(0.05).build(p, g);
      case "adamw_options" ->
          (p, g) ->
              AdamW.builder()
                  .learningRate(0.05)
                  .betas(0.8, 0.99)
                  .weightDecay(0.1)
                  .amsgrad(true)
                  .build(p, g);
      default -> (p, g) -> Sgd.plain(0.1, p, g); // the schedule runs
    };
  }

  private static LearningRateSchedule schedule(String name) {
    return switch (name) {
      case "schedule_step" -> LearningRateSchedule.step(0.1, 7, 0.5);
      case "schedule_exponential" -> LearningRateSchedule.exponential(0.1, 0.95);
      case "schedule_cosine" -> LearningRateSchedule.cosine(0.1, 30, 0.001);
      case "schedule_linear" -> LearningRateSchedule.linear(0.1, 0.1, 0.5, 20);
      case "schedule_warmup_cosine" ->
          LearningRateSchedule.linearWarmup(0.05, 0.1, 10)
              .then(10, LearningRateSchedule.cosine(0.05, 50, 0.001));
      default -> null;
    };
  }

  /** Element {@code e} of the flattened (a, W) layout. */
  private static double get(Parameters p, int e) {
    return e < 4 ? p.vector(0)[e] : p.matrix(1)[(e - 4) / 3][(e - 4) % 3];
  }

  private static void set(Parameters p, int e, double value) {
    if (e < 4) {
      p.vector(0)[e] = value;
    } else {
      p.matrix(1)[(e - 4) / 3][(e - 4) % 3] = value;
    }
  }

  /** Checks values against the tolerance and keeps the largest deviation. */
  private static final class Deviation {
    final String name;
    double worst;
    String where = "-";

    Deviation(String name) {
      this.name = name;
    }

    void check(int t, String what, double actual, double expected) {
      double err = Math.abs(actual - expected) / Math.max(1.0, Math.abs(expected));
      if (!(err <= TOLERANCE)) {
        fail(
            String.format(
                Locale.ROOT,
                "%s, step %d, %s: java %.17g, torch %.17g (deviation %.3g > %.0g)",
                name,
                t + 1,
                what,
                actual,
                expected,
                err,
                TOLERANCE));
      }
      if (err > worst) {
        worst = err;
        where = "step " + (t + 1) + " " + what;
      }
    }

    String summary() {
      return String.format(
          Locale.ROOT, "torch agreement %-24s max deviation %.2e (%s)", name, worst, where);
    }
  }

  /** A CSV file of {@code make_optim_vectors.py}. */
  private record Table(String[] columns, List<double[]> rows) {
    static Table read(String name) throws IOException {
      String resource = "/optim/" + name + ".csv";
      try (InputStream in = TorchAgreementTest.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("missing test vector " + resource);
        }
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String[] columns = null;
        List<double[]> rows = new ArrayList<>();
        Function<String, Double> parse = Double::parseDouble;
        for (String line; (line = reader.readLine()) != null; ) {
          if (line.startsWith("#") || line.isBlank()) {
            continue;
          }
          String[] cells = line.split(",");
          if (columns == null) {
            columns = cells;
            continue;
          }
          double[] row = new double[cells.length];
          for (int i = 0; i < cells.length; i++) {
            row[i] = parse.apply(cells[i]);
          }
          rows.add(row);
        }
        if (rows.size() != STEPS) {
          throw new IOException(resource + " has " + rows.size() + " steps, expected " + STEPS);
        }
        return new Table(columns, rows);
      }
    }
  }
}
