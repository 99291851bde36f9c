package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The leaves a declared resource must change to say what the live one is, and nothing else. */
class AdoptDiffTest {
    private static Object yaml(String text) {
        return new Yaml().load(text);
    }

    @Test
    void onlyTheLeavesThatDifferAreEdited() {
        AdoptDiff.Result r = AdoptDiff.of(
                yaml("{name: app, login: true, password: '${secret.pw}', settings: {work_mem: 4MB, timezone: UTC}}"),
                yaml("{name: app, login: true, password: '${secret.app_password}', settings: {work_mem: 64MB,"
                        + " search_path: app}}"));
        assertThat(r.edits()).containsExactly(
                new AdoptDiff.Edit(List.of("settings", "work_mem"), Optional.of("64MB")),
                new AdoptDiff.Edit(List.of("settings", "search_path"), Optional.of("app")),
                new AdoptDiff.Edit(List.of("settings", "timezone"), Optional.empty()));
        assertThat(r.skipped()).containsExactly("password is written with ${...}; adopt its live value by hand");
    }

    @Test
    void numbersAndTextCompareAsYamlMeansThem() {
        AdoptDiff.Result r = AdoptDiff.of(yaml("{connection_limit: 5, mode: '0600', enabled: true}"),
                yaml("{connection_limit: '5', mode: '0600', enabled: 'true'}"));
        assertThat(r.edits()).isEmpty();
    }

    @Test
    void topLevelKeysTheImportLeavesOutStayAndSecretLookingValuesAreNotAdopted() {
        AdoptDiff.Result r = AdoptDiff.of(
                yaml("{path: /etc/app.env, owner: root, env: {LOG: info, URL: 'x://${hosts.db.address}', TOKEN: t}}"),
                yaml("{path: /etc/app.env, env: {LOG: debug, URL: 'x://198.18.0.11', TOKEN: '${secret.app_env_token}'}}"));
        assertThat(r.edits()).containsExactly(new AdoptDiff.Edit(List.of("env", "LOG"), Optional.of("debug")));
        assertThat(r.skipped()).containsExactly("env.URL is written with ${...}; adopt its live value by hand",
                "env.TOKEN looks secret on the host; adopt it by hand as a secret");
    }

    @Test
    void aListThatDiffersIsReplacedWhole() {
        AdoptDiff.Result r = AdoptDiff.of(yaml("{name: app, member_of: [a, b]}"), yaml("{name: app, member_of: [a]}"));
        assertThat(r.edits()).containsExactly(new AdoptDiff.Edit(List.of("member_of"), Optional.of(List.of("a"))));
        assertThat(AdoptDiff.of(Map.of("x", "$${literal}"), Map.of("x", "other")).edits()).hasSize(1);
    }

    @Test
    void aPostgresKeyTheDeclarationLeavesOutIsNotAdded() {
        Object written = yaml("{name: app, login: false, settings: {work_mem: 4MB}}");
        Object imported = yaml("{name: app, login: true, superuser: false, connection_limit: -1,"
                + " settings: {work_mem: 64MB}}");
        assertThat(AdoptDiff.of(written, imported, true).edits()).containsExactly(
                new AdoptDiff.Edit(List.of("login"), Optional.of(true)),
                new AdoptDiff.Edit(List.of("settings", "work_mem"), Optional.of("64MB")));
        assertThat(AdoptDiff.of(written, imported).edits()).hasSize(4);
    }
}
