package io.scrapebatch.e2e.kubelet;

import java.util.BitSet;

/**
 * Pod IPs on the loopback network: every address in 127.0.0.0/8 reaches this host on Linux, so each
 * pod gets its own 127.1.x.y and processes can bind the same port without clashing.
 */
final class IpPool {
  private static final int SIZE = 65_534;
  private final BitSet used = new BitSet(SIZE);

  synchronized String allocate() {
    int index = used.nextClearBit(0);
    if (index >= SIZE) {
      throw new IllegalStateException("no pod IPs left");
    }
    used.set(index);
    int host = index + 1;
    return "127.1." + (host >> 8) + "." + (host & 0xff);
  }

  synchronized void release(String ip) {
    String[] octets = ip.split("\\.");
    used.clear((Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3])) - 1);
  }
}
