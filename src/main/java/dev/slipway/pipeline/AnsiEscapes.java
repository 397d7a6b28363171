package dev.slipway.pipeline;

/**
 * Terminal escape sequences in a job's log (Maven, npm and friends colour their output): {@link #strip} removes them
 * from plain text, and a {@link Scanner} tells a renderer which characters are text and which colours (SGR) apply.
 * Only what ECMA-48 defines is recognised — CSI ({@code ESC [ … final}), OSC/DCS/SOS/PM/APC strings (ended by BEL or
 * {@code ESC \}) and two-character escapes; a sequence the line ends in the middle of, or one cut short by a
 * character that cannot belong to it, is dropped up to that character. Nothing of a sequence is ever passed on as
 * text, so a reader's terminal never gets a sequence from a log (C1 controls U+0080–U+009F are dropped too).
 */
public final class AnsiEscapes {
    static final char ESC = 0x1B;
    /** A CSI longer than this is not a colour (and is not kept): parameters cannot grow without bound. */
    static final int MAX_CSI = 64;
    /** SGR parameters kept per sequence; more are ignored. */
    public static final int MAX_PARAMS = 16;
    /** A parameter larger than this counts as this (no overflow, and no meaning above it). */
    static final int MAX_PARAM = 9_999;

    private AnsiEscapes() {}

    /** The text without escape sequences or C1 controls. */
    public static String strip(String text) {
        if (text.indexOf(ESC) < 0 && text.chars().noneMatch(AnsiEscapes::isC1)) {
            return text;
        }
        Scanner scanner = new Scanner();
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (scanner.feed(c) == Scanner.TEXT) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A scanner at the start of a text (no sequence begun). */
    public static Scanner scanner() {
        return new Scanner();
    }

    static boolean isC1(int c) {
        return c >= 0x80 && c <= 0x9F;
    }

    /** What a character is, one at a time: {@link #TEXT}, part of a sequence, or the end of a colour sequence (SGR). */
    public static final class Scanner {
        public static final int TEXT = 0;
        public static final int SEQUENCE = 1;
        /** The character ended an SGR sequence: its parameters are {@link #params()}. */
        public static final int SGR = 2;

        private enum State { GROUND, ESCAPE, INTERMEDIATE, CSI, STRING, STRING_ESCAPE }

        private State state = State.GROUND;
        private final int[] params = new int[MAX_PARAMS];
        private int count;
        private int length;
        /** A CSI with a private marker, an intermediate, a sub-parameter or too long: not an SGR we read. */
        private boolean foreign;

        public int feed(char c) {
            return switch (state) {
                case GROUND -> ground(c);
                case ESCAPE -> escape(c);
                case INTERMEDIATE -> intermediate(c);
                case CSI -> csi(c);
                case STRING -> string(c);
                case STRING_ESCAPE -> c == '\\' ? to(State.GROUND) : escape(c);
            };
        }

        /** The parameters of the SGR just ended (0 for an empty one, as terminals read it). */
        public int[] params() {
            int[] copy = new int[Math.max(1, count)];
            System.arraycopy(params, 0, copy, 0, count);
            return copy;
        }

        private int ground(char c) {
            if (c == ESC) {
                return to(State.ESCAPE);
            }
            return isC1(c) ? SEQUENCE : TEXT;
        }

        private int escape(char c) {
            if (c == '[') {
                count = 0;
                length = 0;
                foreign = false;
                params[0] = 0;
                return to(State.CSI);
            }
            if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
                return to(State.STRING);
            }
            if (c >= 0x20 && c <= 0x2F) {
                return to(State.INTERMEDIATE);
            }
            if (c >= 0x30 && c <= 0x7E) {
                return to(State.GROUND);
            }
            state = State.GROUND; // a lone ESC: dropped, and c read as if it had not been there
            return ground(c);
        }

        private int intermediate(char c) {
            if (c >= 0x20 && c <= 0x2F) {
                return SEQUENCE;
            }
            if (c >= 0x30 && c <= 0x7E) {
                return to(State.GROUND);
            }
            state = State.GROUND;
            return ground(c);
        }

        private int csi(char c) {
            if (++length > MAX_CSI) {
                foreign = true;
            }
            if (c >= '0' && c <= '9') {
                if (count == 0) {
                    count = 1;
                }
                params[count - 1] = Math.min(MAX_PARAM, params[count - 1] * 10 + (c - '0'));
                return SEQUENCE;
            }
            if (c == ';') {
                if (count == 0) {
                    count = 1;
                }
                if (count < MAX_PARAMS) {
                    params[count++] = 0;
                } else {
                    foreign = true;
                }
                return SEQUENCE;
            }
            if ((c >= 0x3A && c <= 0x3F) || (c >= 0x20 && c <= 0x2F)) {
                foreign = true; // ':' sub-parameters, '<=>?' private markers, intermediates
                return SEQUENCE;
            }
            if (c >= 0x40 && c <= 0x7E) {
                state = State.GROUND;
                return c == 'm' && !foreign ? SGR : SEQUENCE;
            }
            state = State.GROUND; // cut short: dropped, c read afresh (an ESC starts the next sequence)
            return ground(c);
        }

        private int string(char c) {
            if (c == 0x07) {
                return to(State.GROUND);
            }
            if (c == ESC) {
                return to(State.STRING_ESCAPE);
            }
            if (c == '\n') {
                state = State.GROUND; // never terminated on its line: a log line ends it
                return TEXT;
            }
            return SEQUENCE;
        }

        private int to(State next) {
            state = next;
            return SEQUENCE;
        }
    }
}
