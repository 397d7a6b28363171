package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import dev.slipway.audit.AuditLog;
import dev.slipway.audit.NewAuditEntry;
import dev.slipway.auth.Access;
import dev.slipway.auth.Accounts;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Bootstrap;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start creates the admin and its token file; later starts leave everything as it is. */
class AuthBootstrapTest extends DatabaseFixture {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    static final String PRESET = "preset-admin-token-0123456789-abcdef";

    @TempDir
    Path data;
    private final List<NewAuditEntry> audit = new ArrayList<>();
    private SqlUserRepository users;
    private SqlTokenRepository tokens;
    private Bootstrap bootstrap;

    @Override
    Kind kind() {
        return Kind.SQLITE;
    }

    @BeforeEach
    void setUp() {
        users = new SqlUserRepository(db);
        tokens = new SqlTokenRepository(db);
        SqlGrantRepository grants = new SqlGrantRepository(db);
        Accounts accounts = new Accounts(users, tokens, grants, new SqlAppRepository(db), db,
                new AuditLog(new CollectingAuditRepository(audit::add), CLOCK), CLOCK,
                new dev.slipway.auth.TokenLifetimes(dev.slipway.auth.TokenLifetimes.DEFAULT_MAX, new Access(grants), tokens));
        bootstrap = new Bootstrap(accounts, users, db);
    }

    private String tokenIn(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    @Test
    void firstStartCreatesAnAdminWhoseTokenOnlyTheServerUserCanRead() throws Exception {
        Path file = bootstrap.ensureAdmin(data, Optional.empty()).orElseThrow();
        assertThat(file).isEqualTo(data.resolve("admin.token"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = tokenIn(file);
        assertThat(Files.readString(file)).isEqualTo(token + "\n");
        assertThat(token).matches("slw_[0-9a-f]{12}\\.[A-Za-z0-9_-]{43}");
        Principal admin = new Authenticator(tokens, CLOCK).authenticate("Bearer " + token);
        assertThat(admin).isEqualTo(new Principal("admin"));
        assertThat(new Access(new SqlGrantRepository(db)).roleOf("admin", null)).isEqualTo(Role.ADMIN);
        assertThat(tokens.list("admin")).singleElement().satisfies(t -> assertThat(t.expiresAt()).isNull());
        assertThat(audit).extracting(NewAuditEntry::actor).containsOnly("slipway");
        assertThat(audit).extracting(NewAuditEntry::action).containsExactly("user.created", "grant.changed", "token.created");
        assertThat(audit.toString()).doesNotContain(token.substring(17));
        try (var files = Files.list(data)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void laterStartsChangeNothing() throws Exception {
        Path file = bootstrap.ensureAdmin(data, Optional.empty()).orElseThrow();
        String token = tokenIn(file);
        int entries = audit.size();
        assertThat(bootstrap.ensureAdmin(data, Optional.empty())).isEmpty();
        assertThat(bootstrap.ensureAdmin(data, Optional.of(PRESET))).isEmpty();
        assertThat(tokenIn(file)).isEqualTo(token);
        assertThat(tokens.list(null)).hasSize(1);
        assertThat(audit).hasSize(entries);
    }

    @Test
    void aPresetTokenBecomesTheAdminsToken() throws Exception {
        Path file = bootstrap.ensureAdmin(data, Optional.of(PRESET)).orElseThrow();
        assertThat(tokenIn(file)).isEqualTo(PRESET);
        Authenticator authenticator = new Authenticator(tokens, CLOCK);
        assertThat(authenticator.authenticate("Bearer " + PRESET)).isEqualTo(new Principal("admin"));
        String hash = tokens.find(tokens.list("admin").get(0).id()).orElseThrow().secretHash();
        assertThat(hash).hasSize(64).isNotEqualTo(PRESET);
    }

    @Test
    void aPresetTokenOutsideTheRulesIsRefusedWithoutBeingRepeated() {
        for (String bad : new String[] {"short-token", "x".repeat(257), "has a space in it, which headers lose!!"}) {
            assertThatThrownBy(() -> bootstrap.ensureAdmin(data, Optional.of(bad)))
                    .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID))
                    .hasMessageContaining("SLIPWAY_ADMIN_TOKEN must be 32 to 256 printable ASCII characters")
                    .satisfies(p -> assertThat(p.getMessage()).doesNotContain(bad));
        }
        assertThat(users.list()).isEmpty();
        assertThat(data.resolve("admin.token")).doesNotExist();
    }

    @Test
    void anUnwritableDataDirectoryLeavesNoAdminBehind() throws Exception {
        Path notADirectory = Files.writeString(data.resolve("plain-file"), "x");
        assertThatThrownBy(() -> bootstrap.ensureAdmin(notADirectory, Optional.empty()))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.UNAVAILABLE))
                .hasMessageContaining("cannot write the admin token");
        assertThat(users.list()).isEmpty();
        assertThat(tokens.list(null)).isEmpty();
        assertThat(bootstrap.ensureAdmin(data, Optional.empty())).isPresent();
    }
}
