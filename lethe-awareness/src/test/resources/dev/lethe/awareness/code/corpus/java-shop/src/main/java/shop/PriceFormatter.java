package shop;

import java.util.List;

/** Formats prices; trains nothing (its fit method sizes text). */
public final class PriceFormatter {

    public String fit(String text, int width) {
        return text.length() > width ? text.substring(0, width) : text;
    }

    public List<String> all(List<String> prices) {
        return prices.stream().map(p -> fit(p, 10)).toList();
    }
}
