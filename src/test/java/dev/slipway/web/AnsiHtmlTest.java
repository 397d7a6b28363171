package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnsiHtmlTest {
    private static final String E = "\u001b";

    @Test
    void coloursBecomeSpansFromThePalette() {
        assertThat(AnsiHtml.render(E + "[31mred" + E + "[0m plain")).isEqualTo("<span class=\"ansi-f1\">red</span> plain");
        assertThat(AnsiHtml.render(E + "[1;94;42mx" + E + "[22my" + E + "[39;49mz"))
                .isEqualTo("<span class=\"ansi-f12 ansi-g2 ansi-b\">x</span><span class=\"ansi-f12 ansi-g2\">y</span>z");
        assertThat(AnsiHtml.render(E + "[38;5;3mlow" + E + "[38;5;200mhigh" + E + "[38;2;1;2;3mtrue" + E + "[4mu"))
                .isEqualTo("<span class=\"ansi-f3\">low</span>hightrue<span class=\"ansi-u\">u</span>");
    }

    @Test
    void everythingElseIsEscapedAndNoOtherSequencePassesThrough() {
        String hostile = "<script>alert('x')</script> & \"q\"" + E + "]0;<b>title</b>\u0007" + E + "[2J" + E
                + "[?1049h" + E + "P<i>dcs</i>" + E + "\\" + "\r\u0000\u0008\u007f\u009b" + E;
        String html = AnsiHtml.render(hostile);
        assertThat(html).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    }

    @Test
    void aRunOfResetsMakesNoEmptySpansAndAnOpenColourIsClosed() {
        assertThat(AnsiHtml.render(E + "[31m" + E + "[0m" + E + "[32m" + E + "[m\n" + E + "[33mopen"))
                .isEqualTo("\n<span class=\"ansi-f3\">open</span>");
    }

    @Test
    void hugeOrUnterminatedSequencesAreDropped() {
        assertThat(AnsiHtml.render(E + "[" + "1;".repeat(10_000) + "31mred" + E + "[31")).isEqualTo("red");
        assertThat(AnsiHtml.render("a" + E + "]8;;" + "x".repeat(100_000) + "\nb")).isEqualTo("a\nb");
    }
}
