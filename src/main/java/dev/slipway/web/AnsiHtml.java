package dev.slipway.web;

import dev.slipway.Problem;
import dev.slipway.pipeline.AnsiEscapes;
import io.javalin.http.Context;

/**
 * A log's text as HTML for a {@code <pre>}: colour sequences (SGR) become {@code <span class="ansi-…">} from a small
 * palette in the stylesheet (16 colours, bold, dim, italic, underline), every other escape sequence and control
 * character is dropped, and the text itself is escaped. Each call starts with no colour: a page renders a log in
 * pieces, and a colour never leaks from one piece into the next.
 */
public final class AnsiHtml {
    private AnsiHtml() {}

    /**
     * Whether a plain-text log keeps its escape sequences: {@code ?ansi=keep} (for a terminal, e.g. {@code slipway logs
     * --color}); stripped when absent or {@code ?ansi=strip}.
     */
    public static boolean keepEscapes(Context ctx) {
        String ansi = ctx.queryParam("ansi");
        if (ansi == null || ansi.equals("strip")) {
            return false;
        }
        if (ansi.equals("keep")) {
            return true;
        }
        throw Problem.invalid("ansi must be 'keep' (terminal colour codes as the job wrote them) or 'strip' (the "
                + "default: plain text), got '" + ansi + "'");
    }

    public static String render(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        AnsiEscapes.Scanner scanner = AnsiEscapes.scanner();
        Style current = Style.PLAIN;
        Style open = Style.PLAIN;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int kind = scanner.feed(c);
            if (kind == AnsiEscapes.Scanner.SGR) {
                current = current.apply(scanner.params());
            } else if (kind == AnsiEscapes.Scanner.TEXT && (c >= 0x20 || c == '\n' || c == '\t') && c != 0x7F) {
                if (!current.equals(open)) {
                    // opened lazily, at the next character shown: a run of resets makes no empty spans
                    if (!open.equals(Style.PLAIN)) {
                        out.append("</span>");
                    }
                    if (!current.equals(Style.PLAIN)) {
                        out.append("<span class=\"").append(current.classes()).append("\">");
                    }
                    open = current;
                }
                escape(c, out);
            }
        }
        if (!open.equals(Style.PLAIN)) {
            out.append("</span>");
        }
        return out.toString();
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '&' -> out.append("&amp;");
            case '"' -> out.append("&quot;");
            case '\'' -> out.append("&#39;");
            default -> out.append(c);
        }
    }

    /** Colours 0–15 (-1: the default), and the attributes the palette knows. */
    record Style(int fg, int bg, boolean bold, boolean dim, boolean italic, boolean underline) {
        static final Style PLAIN = new Style(-1, -1, false, false, false, false);

        Style apply(int[] params) {
            Style s = this;
            for (int i = 0; i < params.length; i++) {
                int p = params[i];
                if ((p == 38 || p == 48) && i + 1 < params.length) {
                    int colour = -1;
                    if (params[i + 1] == 5 && i + 2 < params.length) {
                        colour = params[i + 2] < 16 ? params[i + 2] : -1; // beyond the 16: shown plain
                        i += 2;
                    } else if (params[i + 1] == 2) {
                        i += Math.min(4, params.length - 1 - i); // true colour: shown plain
                    } else {
                        i += 1;
                    }
                    s = p == 38 ? s.withFg(colour) : s.withBg(colour);
                } else {
                    s = s.one(p);
                }
            }
            return s;
        }

        private Style one(int p) {
            return switch (p) {
                case 0 -> PLAIN;
                case 1 -> new Style(fg, bg, true, dim, italic, underline);
                case 2 -> new Style(fg, bg, bold, true, italic, underline);
                case 3 -> new Style(fg, bg, bold, dim, true, underline);
                case 4 -> new Style(fg, bg, bold, dim, italic, true);
                case 22 -> new Style(fg, bg, false, false, italic, underline);
                case 23 -> new Style(fg, bg, bold, dim, false, underline);
                case 24 -> new Style(fg, bg, bold, dim, italic, false);
                case 39 -> withFg(-1);
                case 49 -> withBg(-1);
                default -> colour(p);
            };
        }

        private Style colour(int p) {
            if (p >= 30 && p <= 37) {
                return withFg(p - 30);
            }
            if (p >= 90 && p <= 97) {
                return withFg(p - 90 + 8);
            }
            if (p >= 40 && p <= 47) {
                return withBg(p - 40);
            }
            if (p >= 100 && p <= 107) {
                return withBg(p - 100 + 8);
            }
            return this; // blink, inverse and the rest: not shown
        }

        private Style withFg(int colour) {
            return new Style(colour, bg, bold, dim, italic, underline);
        }

        private Style withBg(int colour) {
            return new Style(fg, colour, bold, dim, italic, underline);
        }

        String classes() {
            StringBuilder b = new StringBuilder();
            if (fg >= 0) {
                b.append(" ansi-f").append(fg);
            }
            if (bg >= 0) {
                b.append(" ansi-g").append(bg);
            }
            if (bold) {
                b.append(" ansi-b");
            }
            if (dim) {
                b.append(" ansi-d");
            }
            if (italic) {
                b.append(" ansi-i");
            }
            if (underline) {
                b.append(" ansi-u");
            }
            return b.substring(1);
        }
    }
}
