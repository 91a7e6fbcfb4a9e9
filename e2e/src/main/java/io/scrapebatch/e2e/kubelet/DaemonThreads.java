package io.scrapebatch.e2e.kubelet;

import java.util.concurrent.ThreadFactory;

/** Names the kubelet's background threads and keeps them from holding the JVM open. */
record DaemonThreads(String name) implements ThreadFactory {
  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
