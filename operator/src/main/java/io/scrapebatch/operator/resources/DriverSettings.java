package io.scrapebatch.operator.resources;

import java.util.Optional;

/**
 * Operator settings that shape every driver pod.
 *
 * @param image the job image (Spark + Delta + our job jar) unless a batch names its own
 * @param masterUrl the API server URL drivers use to create executors (k8s:// is prepended)
 * @param mainClass the job's main class
 * @param primaryResource the job jar as Spark sees it inside the image (e.g. {@code
 *     local:///opt/spark/jars/etl-job.jar}); empty when the class is on the image's classpath
 */
public record DriverSettings(
    String image,
    String imagePullPolicy,
    String serviceAccount,
    String masterUrl,
    String mainClass,
    Optional<String> primaryResource) {}
