package io.scrapebatch.e2e.kubelet;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the test pods run: small programs that show what a container sees. */
public final class ContainerProgram {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "observe" -> {
        // args: env names..., then "--files", then paths...
        List<String> out = new ArrayList<>();
        boolean files = false;
        for (int i = 1; i < args.length; i++) {
          if (args[i].equals("--files")) {
            files = true;
          } else if (files) {
            Path p = Path.of(args[i]);
            out.add(args[i] + "=" + (Files.exists(p) ? Files.readString(p).strip() : "<missing>"));
          } else {
            out.add(args[i] + "=" + System.getenv(args[i]));
          }
        }
        out.add("hostname=" + InetAddress.getLocalHost().getHostName());
        Files.writeString(Path.of("/dev/termination-log"), String.join("\n", out));
      }
      case "resolve" ->
          Files.writeString(
              Path.of("/dev/termination-log"), InetAddress.getByName(args[1]).getHostAddress());
      case "allocate" -> {
        List<byte[]> hold = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
          byte[] chunk = new byte[1 << 20];
          java.util.Arrays.fill(chunk, (byte) 1);
          hold.add(chunk);
        }
        System.out.println("allocated " + hold.size() + " MiB");
      }
      case "exit" -> {
        System.err.println(args[2]);
        System.exit(Integer.parseInt(args[1]));
      }
      case "sleep" -> Thread.sleep(Long.parseLong(args[1]) * 1000);
      case "count" -> {
        // args: how many lines, then the pause between them in ms
        for (int i = 1; i <= Integer.parseInt(args[1]); i++) {
          System.out.println("line " + i);
          Thread.sleep(Long.parseLong(args[2]));
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private ContainerProgram() {}
}
