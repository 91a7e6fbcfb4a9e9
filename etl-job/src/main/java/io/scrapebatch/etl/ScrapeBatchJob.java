package io.scrapebatch.etl;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.etl.storage.EndpointRegion;
import io.scrapebatch.etl.storage.StorageDefaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParameterException;

/**
 * The job's entry point, standalone ({@code java -jar}) or as a Spark driver's main class. Every
 * exit — success or failure — leaves a report: the full JSON at {@code --report} and the 4 KiB
 * termination message the operator reads.
 */
public final class ScrapeBatchJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScrapeBatchJob.class);
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private final Function<Optional<String>, SparkSession> sessions;
  private final Clock clock;
  private final ProgressSink progressSink;

  public ScrapeBatchJob(
      Function<Optional<String>, SparkSession> sessions, Clock clock, ProgressSink progressSink) {
    this.sessions = sessions;
    this.clock = clock;
    this.progressSink = progressSink;
  }

  public static void main(String[] argv) {
    var finished = new AtomicBoolean();
    var job = new ScrapeBatchJob(ScrapeBatchJob::session, Clock.systemUTC(), progressSink());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> job.reportIfInterrupted(argv, finished)));
    int code = job.run(argv).exitCode();
    finished.set(true);
    System.exit(code);
  }

  /** Runs the job; never throws. Help and version requests return a report with exit code 0. */
  /** The log always; the driver pod's annotation as well when the operator launched this job. */
  private static ProgressSink progressSink() {
    ProgressSink log = new LoggingProgressSink();
    return PodAnnotationProgressSink.forDriverPod(new org.apache.spark.SparkConf())
        .<ProgressSink>map(
            pod ->
                progress -> {
                  log.publish(progress);
                  pod.publish(progress);
                })
        .orElse(log);
  }

  public JobReport run(String[] argv) {
    var recorder = new RunRecorder(clock);
    JobArgs args = null;
    var progress = new ProgressListener(progressSink, clock, PROGRESS_INTERVAL);
    var stages = new StageMetricsListener();
    SparkSession spark = null;
    Optional<Failure> failure = Optional.empty();
    try {
      Optional<JobArgs> parsed = parse(argv);
      if (parsed.isEmpty()) {
        return recorder.report(null, Optional.empty(), List.of(), Optional.empty());
      }
      args = parsed.get();
      var spec = new JobSpec(args, ContractFile.load(args.contract()));
      spark = sessions.apply(args.master());
      spark.sparkContext().addSparkListener(progress);
      spark.sparkContext().addSparkListener(stages);
      new EtlPipeline(spark, spec, clock, progress, recorder).run();
    } catch (Throwable t) { // NOPMD: every exit must be reported, OutOfMemoryError included
      failure = Optional.of(FailureClassifier.classify(t));
      LOG.error("batch failed: {}", failure.get().message(), t);
    } finally {
      if (spark != null) {
        drainListenerBus(spark);
        spark.sparkContext().removeSparkListener(progress);
        spark.sparkContext().removeSparkListener(stages);
      }
    }
    JobReport report = recorder.report(args, failure, stages.stages(), stages.worst());
    if (args != null) {
      write(report, args.report(), args.terminationLog());
    }
    LOG.info(
        "batch {} {} (exit {}): {}",
        report.batchId(),
        report.outcome(),
        report.exitCode(),
        report.result());
    return report;
  }

  private static Optional<JobArgs> parse(String[] argv) {
    var options = new JobOptions();
    var cli = JobOptions.commandLine(options);
    try {
      cli.parseArgs(argv);
    } catch (ParameterException e) {
      cli.getErr().println(e.getMessage());
      cli.usage(cli.getErr());
      throw JobFailure.badConfiguration(e.getMessage(), e);
    }
    if (cli.isUsageHelpRequested()) {
      cli.usage(cli.getOut());
      return Optional.empty();
    }
    if (cli.isVersionHelpRequested()) {
      cli.printVersionHelp(cli.getOut());
      return Optional.empty();
    }
    return Optional.of(options.toArgs());
  }

  /**
   * The session for a standalone run or a driver. spark-submit and the operator set spark.master
   * and sizing in SparkConf; what is left unset gets a local default. Time zone is pinned to UTC so
   * date/hour partitions do not depend on where the driver runs. Object storage gets {@link
   * StorageDefaults}: s3:// through S3A, web identity in the credentials chain, and a Delta commit
   * protocol that is safe with writers in more than one JVM; an S3 endpoint without its region is
   * refused ({@link EndpointRegion}).
   */
  public static SparkSession session(Optional<String> master) {
    var conf = new SparkConf();
    conf.setAppName(conf.get("spark.app.name", "scrapebatch-etl"));
    master.ifPresent(conf::setMaster);
    setIfMissing(conf, "spark.master", "local[*]");
    setIfMissing(conf, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    setIfMissing(
        conf, "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    setIfMissing(conf, "spark.sql.session.timeZone", "UTC");
    StorageDefaults.missing(conf::contains).forEach(conf::set);
    Map<String, String> all = new java.util.HashMap<>();
    for (scala.Tuple2<String, String> entry : conf.getAll()) {
      all.put(entry._1(), entry._2());
    }
    EndpointRegion.missing(all, System.getenv())
        .ifPresent(
            missing -> {
              throw JobFailure.badConfiguration(missing);
            });
    return SparkSession.builder().config(conf).getOrCreate();
  }

  private static void setIfMissing(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }

  /** Listener events are delivered asynchronously; wait briefly so the last stages are counted. */
  private static void drainListenerBus(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(5_000);
    } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
      LOG.debug("listener bus not drained: {}", e.toString());
    }
  }

  /** The contents are made inside the try too: nothing here may change the exit code. */
  private static void write(JobReport report, Optional<Path> full, Optional<Path> termination) {
    full.ifPresent(path -> writeQuietly(path, report::toJson));
    termination.ifPresent(path -> writeQuietly(path, () -> report.toTermination().toJson()));
  }

  private static void writeQuietly(Path path, Supplier<String> contents) {
    try {
      String content = contents.get();
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(path, content, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot write report {}: {}", path, e.toString());
    }
  }

  /**
   * Spark ends the JVM itself on a fatal task error (exit 52 on an OutOfMemoryError in local mode)
   * and the kubelet may kill it: leave a termination message saying the run did not finish.
   */
  private void reportIfInterrupted(String[] argv, AtomicBoolean finished) {
    if (finished.get()) {
      return;
    }
    try {
      parse(argv)
          .flatMap(JobArgs::terminationLog)
          .ifPresent(
              path ->
                  writeQuietly(
                      path,
                      () ->
                          new TerminationReport(
                                  ExitCode.UNKNOWN.code(),
                                  FailureClass.Unknown,
                                  "the JVM exited before the job finished; the container's exit code"
                                      + " tells why (52: OutOfMemoryError, 137: killed)",
                                  List.of(),
                                  null,
                                  null,
                                  null)
                              .toJson()));
    } catch (RuntimeException e) {
      // Nothing more to do while the JVM goes down.
    }
  }
}
