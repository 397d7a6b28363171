package dev.slipway.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** SLIPWAY_DB_USER / SLIPWAY_DB_PASSWORD: the database login from the environment, as a Kubernetes Secret gives it. */
class DatabaseLoginTest {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/slipway_test";

    @Test
    void withoutTheVariablesTheUrlIsLeftAsGiven() {
        assertThat(DatabaseLogin.apply(PG + "?user=u&password=p", Map.of())).isEqualTo(PG + "?user=u&password=p");
        assertThat(DatabaseLogin.apply(null, Map.of())).isNull();
    }

    @Test
    void anyCharacterInThePasswordReachesTheDriverAsWritten() {
        String password = "p@ss&word=+ %/?#é";

        String url = DatabaseLogin.apply(PG + "?sslmode=disable",
                Map.of(DatabaseLogin.USER, "slip way", DatabaseLogin.PASSWORD, password));

        Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
        assertThat(parsed.getProperty("user")).isEqualTo("slip way");
        assertThat(parsed.getProperty("password")).isEqualTo(password);
        assertThat(parsed.getProperty("sslmode")).isEqualTo("disable");
    }

    @Test
    void theLoginFromTheEnvironmentConnectsToARealPostgres() throws Exception {
        String url = DatabaseLogin.apply(PG, Map.of(DatabaseLogin.USER, "slipway", DatabaseLogin.PASSWORD, "slipway"));

        try (Connection connection = DriverManager.getConnection(url);
             ResultSet rs = connection.createStatement().executeQuery("SELECT current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("slipway");
        }
    }

    @Test
    void aLoginGivenTwiceOrForSqliteIsRefusedSayingWhatToDo() {
        assertThatThrownBy(() -> DatabaseLogin.apply(PG + "?password=x", Map.of(DatabaseLogin.PASSWORD, "y")))
                .hasMessage("--db has a password= parameter and SLIPWAY_DB_PASSWORD is set: give it one way only "
                        + "(the environment keeps it off the command line)");
        assertThatThrownBy(() -> DatabaseLogin.apply(null, Map.of(DatabaseLogin.USER, "u")))
                .hasMessage("SLIPWAY_DB_USER is set, but --db is not a jdbc:postgresql: URL (SQLite needs no login): "
                        + "give --db jdbc:postgresql://HOST:PORT/DB, or unset SLIPWAY_DB_USER");
        assertThat(DatabaseLogin.apply(PG + "?user=slipway", Map.of(DatabaseLogin.PASSWORD, "s")))
                .isEqualTo(PG + "?user=slipway&password=s");
    }
}
