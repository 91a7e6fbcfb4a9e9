package io.scrapebatch.etl.sample;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes e-commerce scrape records as JSON lines, from one seeded random source so the same settings
 * always give the same bytes. Values are JSON-encoded as they are generated, so an invalid variant
 * can swap one value for a wrongly typed one.
 */
final class ProductRecords {
  private static final List<String> CATEGORIES =
      List.of(
          "electronics",
          "books",
          "home-garden",
          "toys",
          "fashion",
          "sports",
          "beauty",
          "grocery",
          "automotive",
          "music",
          "office",
          "pet_supplies",
          "tools",
          "baby",
          "health",
          "garden",
          "jewelry",
          "shoes",
          "video-games",
          "outdoors");
  private static final List<String> ADJECTIVES =
      List.of(
          "Wireless",
          "Organic",
          "Compact",
          "Deluxe",
          "Café",
          "Ultra",
          "Smart",
          "Vintage",
          "Nordic",
          "Tokyo 東京",
          "Eco",
          "Pro",
          "Crème",
          "Größe",
          "Sport");
  private static final List<String> NOUNS =
      List.of(
          "Headphones",
          "Kettle",
          "Backpack",
          "Lamp",
          "Notebook",
          "Blender",
          "Sneakers",
          "Watch",
          "Camera 📷",
          "Chair",
          "Tea Set",
          "Keyboard",
          "Jacket",
          "Puzzle",
          "Drone");
  private static final List<String> CURRENCIES = List.of("USD", "USD", "EUR", "EUR", "GBP", "JPY");

  private final SplittableRandom random;
  private final Instant start;
  private final long spanSeconds;
  private final double categorySkew;
  private final int htmlBytes;

  /** A generated valid record: its key, time and encoded fields. */
  record Product(String url, Instant scrapedAt, Map<String, String> fields) {
    String line() {
      var sb = new StringBuilder(256).append('{');
      fields.forEach(
          (k, v) -> {
            if (sb.length() > 1) {
              sb.append(',');
            }
            sb.append('"').append(k).append("\":").append(v);
          });
      return sb.append('}').toString();
    }
  }

  ProductRecords(
      SplittableRandom random,
      Instant start,
      long spanSeconds,
      double categorySkew,
      int htmlBytes) {
    this.random = random;
    this.start = start;
    this.spanSeconds = spanSeconds;
    this.categorySkew = categorySkew;
    this.htmlBytes = htmlBytes;
  }

  Product newProduct(long id) {
    String category = category();
    String title = pick(ADJECTIVES) + " " + pick(NOUNS) + " " + (id % 1000);
    String url =
        "https://shop" + (id % 7) + ".example.com/" + category + "/p/" + id + "?ref=scrape";
    Instant at = start.plusSeconds(random.nextLong(spanSeconds));
    return product(url, at, title, category, price(), pick(CURRENCIES));
  }

  /** The same product seen again later: price and stock moved. */
  Product newerVersion(Product old) {
    Instant at = old.scrapedAt().plus(1 + random.nextInt(600), ChronoUnit.MINUTES);
    return withTimeAndPrice(old, at);
  }

  /** The same product, same timestamp, another price: only the tie-break decides. */
  Product conflictingVersion(Product old) {
    return withTimeAndPrice(old, old.scrapedAt());
  }

  private Product withTimeAndPrice(Product old, Instant at) {
    var fields = new LinkedHashMap<>(old.fields());
    fields.put("scraped_at", Json.quote(at.toString()));
    fields.put("price", price());
    fields.put("stock", Integer.toString(random.nextInt(500)));
    return new Product(old.url(), at, fields);
  }

  private Product product(
      String url, Instant at, String title, String category, String price, String currency) {
    var fields = new LinkedHashMap<String, String>();
    fields.put("url", Json.quote(url));
    fields.put("scraped_at", Json.quote(at.toString()));
    fields.put("title", Json.quote(title));
    fields.put("price", price);
    fields.put("currency", Json.quote(currency));
    if (random.nextInt(10) > 0) {
      fields.put("stock", Integer.toString(random.nextInt(500)));
    }
    fields.put("category", Json.quote(category));
    if (htmlBytes > 0) {
      fields.put("html", Json.quote(html(title)));
    }
    // Scrapers add fields the contract does not know; the job must ignore them.
    fields.put("scraper", Json.quote("spider-" + random.nextInt(4)));
    return new Product(url, at, fields);
  }

  private String category() {
    if (random.nextDouble() < categorySkew) {
      return CATEGORIES.get(0);
    }
    return CATEGORIES.get(1 + random.nextInt(CATEGORIES.size() - 1));
  }

  private String price() {
    return Long.toString(50 + random.nextLong(200_000)) + "." + (10 + random.nextInt(90));
  }

  private String html(String title) {
    int size = htmlBytes / 2 + random.nextInt(htmlBytes + 1);
    var sb = new StringBuilder(size + 64).append("<html><head><title>").append(title);
    sb.append("</title></head><body>");
    while (sb.length() < size) {
      sb.append("<div class=\"row\"><span>")
          .append(pick(NOUNS))
          .append("</span><b>")
          .append(random.nextInt(10_000))
          .append("</b></div>\n");
    }
    return sb.append("</body></html>").toString();
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
