package dev.slipway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthRoleTest {
    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource({
            "viewer, VIEWER", "developer, DEVELOPER", "deployer, DEPLOYER", "releaser, RELEASER", "admin, ADMIN",
            "Releaser, RELEASER", "ADMIN, ADMIN", "' viewer ', VIEWER"})
    void parsesLabelsInAnyCase(String text, Role role) {
        assertThat(Role.parse(text)).isEqualTo(role);
        assertThat(Role.parse(role.label())).isEqualTo(role);
    }

    @ParameterizedTest
    @ValueSource(strings = {"root", "owner", "admins", "VIEWER,ADMIN", "0"})
    void refusesUnknownRolesListingTheKnownOnes(String text) {
        assertThatThrownBy(() -> Role.parse(text)).isInstanceOfSatisfying(Problem.class,
                        p -> assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID))
                .hasMessage("unknown role '" + text + "': use one of viewer, developer, deployer, releaser, admin");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesAMissingRole(String text) {
        assertThatThrownBy(() -> Role.parse(text))
                .hasMessage("role is missing: use one of viewer, developer, deployer, releaser, admin");
    }

    /** Rows: the role held; columns: the role needed, in order viewer … admin. */
    @ParameterizedTest(name = "{0} includes {1}")
    @CsvSource({
            "VIEWER,    true,  false, false, false, false",
            "DEVELOPER, true,  true,  false, false, false",
            "DEPLOYER,  true,  true,  true,  false, false",
            "RELEASER,  true,  true,  true,  true,  false",
            "ADMIN,     true,  true,  true,  true,  true"})
    void eachRoleIncludesTheOnesBeforeIt(Role held, boolean viewer, boolean developer, boolean deployer,
                                         boolean releaser, boolean admin) {
        boolean[] expected = {viewer, developer, deployer, releaser, admin};
        for (Role needed : Role.values()) {
            assertThat(held.includes(needed)).as("%s includes %s", held, needed).isEqualTo(expected[needed.ordinal()]);
        }
    }

    @ParameterizedTest
    @CsvSource({"VIEWER, viewer", "RELEASER, releaser", "ADMIN, admin"})
    void labelsAreLowerCase(Role role, String label) {
        assertThat(role.label()).isEqualTo(label);
    }
}
