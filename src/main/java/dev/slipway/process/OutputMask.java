package dev.slipway.process;

import java.nio.file.Path;
import java.util.List;

/**
 * Masks a command's output as it is written: the command's stdout and stderr go through a small perl filter (perl
 * is always there on Debian: perl-base is Essential) that replaces the values of the variables named in
 * {@value #VARIABLE} with ***, as {@code secret.Masker} does. The filter runs beside the command, in its sandbox and
 * its session, so it outlives the server as the command does; it learns the values from its environment — the
 * command's own, which holds them anyway — never from a command line. The command does not see {@value #VARIABLE}.
 */
final class OutputMask {
    static final String VARIABLE = "SLIPWAY_MASKED_VARIABLES";
    static final Path PERL = Path.of("/usr/bin/perl");

    /** pipefail: the command's exit code is the pipeline's, as if it ran alone. */
    private static final String WRAPPER = "set -o pipefail; ( unset " + VARIABLE + "; exec \"$1\" -c \"$2\" ) 2>&1"
            + " | \"$3\" -e \"$4\"";

    /**
     * Lines are cut at a newline, or at 1 MB for output without any. The filter ignores SIGTERM: on a stop it ends
     * when the command's output does, so the command's last words are still masked and written.
     */
    private static final String FILTER = """
            use strict;
            $SIG{TERM} = $SIG{INT} = $SIG{HUP} = 'IGNORE';
            my (%seen, @needles);
            for my $name (split ' ', delete $ENV{SLIPWAY_MASKED_VARIABLES} // '') {
                my $value = $ENV{$name};
                next unless defined $value;
                for my $needle ($value, split(/\\r?\\n|\\r/, $value)) {
                    push @needles, $needle if length($needle) >= 4 && !$seen{$needle}++;
                }
            }
            my $pattern = join '|', map { quotemeta } sort { length($b) <=> length($a) } @needles;
            binmode STDIN;
            binmode STDOUT;
            $| = 1;
            my $buffer = '';
            while (1) {
                my $read = sysread STDIN, $buffer, 65536, length $buffer;
                if (!defined $read) {
                    next if $!{EINTR};
                    last;
                }
                my $cut = $read ? rindex($buffer, "\\n") + 1 : length $buffer;
                $cut = length $buffer if $cut == 0 && length $buffer >= 1048576;
                if ($cut > 0) {
                    my $out = substr $buffer, 0, $cut, '';
                    $out =~ s/$pattern/***/g if @needles;
                    print $out;
                }
                last unless $read;
            }
            """;

    private OutputMask() {}

    /** {@code bash -c script} with its output through the filter. */
    static List<String> command(Path bash, String script) {
        return List.of(bash.toString(), "-c", WRAPPER, "slipway-output-mask", bash.toString(), script, PERL.toString(), FILTER);
    }
}
