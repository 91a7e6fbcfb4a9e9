package io.scrapebatch.etl.sample;

import java.util.Map;

/**
 * The ways a generated record breaks the sample contract (etl-job/samples/products-contract.yaml),
 * each with the reason code the job must report. The generator cycles through all of them.
 */
public enum InvalidKind {
  MALFORMED_JSON("malformed"),
  NOT_JSON("malformed"),
  URL_MISSING("url:required"),
  URL_NOT_HTTP("url:pattern"),
  URL_TOO_LONG("url:maxLength"),
  SCRAPED_AT_MISSING("scraped_at:required"),
  SCRAPED_AT_UNPARSEABLE("scraped_at:timestamp"),
  TITLE_MISSING("title:required"),
  TITLE_EMPTY("title:minLength"),
  TITLE_TOO_LONG("title:maxLength"),
  PRICE_MISSING("price:required"),
  PRICE_NOT_A_NUMBER("price:type"),
  PRICE_NEGATIVE("price:minimum"),
  PRICE_TOO_HIGH("price:maximum"),
  CURRENCY_MISSING("currency:required"),
  CURRENCY_UNKNOWN("currency:allowedValues"),
  STOCK_NOT_INTEGER("stock:type"),
  STOCK_NEGATIVE("stock:minimum"),
  CATEGORY_MISSING("category:required"),
  CATEGORY_BAD_SLUG("category:pattern");

  private final String reason;

  InvalidKind(String reason) {
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  /**
   * Breaks a valid record (field → JSON value, already encoded) in place; returns the whole line
   * for the two kinds that are not a JSON object at all, else null.
   */
  String apply(Map<String, String> fields, String validLine) {
    switch (this) {
      case MALFORMED_JSON -> {
        return validLine.substring(0, validLine.length() / 2);
      }
      case NOT_JSON -> {
        return "<html><body>503 Service Unavailable</body></html>";
      }
      case URL_MISSING -> fields.remove("url");
      case URL_NOT_HTTP -> fields.put("url", "\"ftp://files.example.com/catalog.csv\"");
      case URL_TOO_LONG ->
          fields.put("url", "\"https://shop.example.com/p?" + "q=x&".repeat(520) + "\"");
      case SCRAPED_AT_MISSING -> fields.remove("scraped_at");
      case SCRAPED_AT_UNPARSEABLE -> fields.put("scraped_at", "\"yesterday at noon\"");
      case TITLE_MISSING -> fields.put("title", "null");
      case TITLE_EMPTY -> fields.put("title", "\"\"");
      case TITLE_TOO_LONG -> fields.put("title", "\"" + "Deluxe ".repeat(80) + "\"");
      case PRICE_MISSING -> fields.remove("price");
      case PRICE_NOT_A_NUMBER -> fields.put("price", "\"call for price\"");
      case PRICE_NEGATIVE -> fields.put("price", "-4.99");
      case PRICE_TOO_HIGH -> fields.put("price", "2500000.0");
      case CURRENCY_MISSING -> fields.remove("currency");
      case CURRENCY_UNKNOWN -> fields.put("currency", "\"BTC\"");
      case STOCK_NOT_INTEGER -> fields.put("stock", "\"plenty\"");
      case STOCK_NEGATIVE -> fields.put("stock", "-3");
      case CATEGORY_MISSING -> fields.remove("category");
      case CATEGORY_BAD_SLUG -> fields.put("category", "\"Home & Garden\"");
    }
    return null;
  }
}
