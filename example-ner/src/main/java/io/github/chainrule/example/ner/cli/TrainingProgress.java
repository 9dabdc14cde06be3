package io.github.chainrule.example.ner.cli;

import io.github.chainrule.example.ner.eval.ChunkScores;
import io.github.chainrule.example.ner.train.Trainer;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What {@code train} shows while it trains: on a terminal, a live progress bar per epoch (windows
 * per second, loss, ETA) on standard error; always one line per epoch on standard output.
 */
final class TrainingProgress implements Trainer.Listener {
  private final PrintWriter out;
  private final boolean live;
  private final int epochs;
  private ProgressBar bar;
  private double smoothedLoss = Double.NaN;

  TrainingProgress(PrintWriter out, boolean live, int epochs) {
    this.out = out;
    this.live = live;
    this.epochs = epochs;
  }

  @Override
  public void epochStarted(int epoch, long windows) {
    smoothedLoss = Double.NaN;
    if (live) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
              .setInitialMax(windows)
              .setUnit(" windows", 1)
              .showSpeed(new DecimalFormat("#,##0"))
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .setUpdateIntervalMillis(200)
              .build();
    }
  }

  @Override
  public void stepDone(long windows, double loss) {
    smoothedLoss = Double.isNaN(smoothedLoss) ? loss : 0.98 * smoothedLoss + 0.02 * loss;
    if (bar != null) {
      bar.stepTo(windows);
      bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", smoothedLoss));
    }
  }

  @Override
  public void epochDone(Trainer.EpochResult r) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    ChunkScores dev = r.dev().result().overall();
    out.printf(
        Locale.ROOT,
        "epoch %d/%d  train loss %.4f  dev loss %.4f  dev F1 %.2f (P %.2f, R %.2f)  %,.0f windows/s  %.1f s%s%n",
        r.epoch(),
        epochs,
        r.trainLoss(),
        r.devLoss(),
        dev.f1(),
        dev.precision(),
        dev.recall(),
        r.windowsPerSecond(),
        r.seconds(),
        r.best() ? "  best so far, kept" : "");
    out.flush();
  }
}
