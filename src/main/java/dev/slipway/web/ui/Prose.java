package dev.slipway.web.ui;

import gg.jte.Content;
import gg.jte.html.escape.Escape;

/**
 * A message written for the terminal, shown on a page: the use cases write commands in backticks
 * ("run `slipway approve hello 4`"), which a page shows as code instead of raw backticks. Everything is escaped.
 */
public final class Prose {
    private Prose() {
    }

    public static Content of(String text) {
        return output -> {
            if (text == null) {
                return;
            }
            String[] parts = text.split("`", -1);
            boolean balanced = parts.length % 2 == 1; // an odd backtick out is shown as it is
            for (int i = 0; i < parts.length; i++) {
                boolean code = balanced && i % 2 == 1;
                if (!balanced && i > 0) {
                    Escape.htmlContent("`", output);
                }
                if (code) {
                    output.writeContent("<code>");
                }
                Escape.htmlContent(parts[i], output);
                if (code) {
                    output.writeContent("</code>");
                }
            }
        };
    }
}
