package io.scrapebatch.e2e.kubelet;

/** Maps container images to local stand-ins; no image is ever pulled. */
public interface ImageRuntime {
  /** The stand-in for {@code image}, or null when this runtime does not provide it. */
  ImageConfig resolve(String image);
}
