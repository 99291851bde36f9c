package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.resource.Imported;
import dev.plumb.resource.ImportedSecret;

/** From what the probe found to the value of files:, with no host: fixtures of scans. */
class FileImportTest {
    private static FileState.Regular file(String mode, String owner, String group, String text) {
        return file(mode, owner, group, text.getBytes(StandardCharsets.UTF_8));
    }

    private static FileState.Regular file(String mode, String owner, String group, byte[] bytes) {
        return new FileState.Regular(mode, owner, group, bytes.length, FilePlanner.sha256(bytes), Optional.of(bytes));
    }

    private static DirectoryProbe.Scan.Directory dir(String scope, Map<String, FileState> files,
                                                     DirectoryProbe.Skipped... skipped) {
        return new DirectoryProbe.Scan.Directory(scope, List.of(skipped), false, files.size(), 10, files);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Imported i) {
        return (List<Map<String, Object>>) i.value();
    }

    @Test
    void filesAreSortedAndOnlyWhatDiffersFromTheDefaultsIsWritten() {
        Map<String, FileState> files = new LinkedHashMap<>();
        files.put("z.conf", file("0644", "root", "root", "plain ${HOME} $${X}\n"));
        files.put("a/b.conf", file("2750", "www-data", "1234", "x\n"));
        Imported i = FileImport.build(List.of(dir("/etc/app", files)), false);
        assertThat(i.problems()).isEmpty();
        assertThat(i.secrets()).isEmpty();
        assertThat(items(i)).containsExactly(
                Map.of("path", "/etc/app/a/b.conf", "owner", "www-data", "group", "1234", "mode", "2750", "content", "x\n"),
                Map.of("path", "/etc/app/z.conf", "content", "plain $${HOME} $$${X}\n"));
        assertThat(items(i).get(0).keySet()).containsExactly("path", "owner", "group", "mode", "content");
    }

    @Test
    void envFilesAreWrittenAsEnvWithSecretsAsReferences() {
        String text = "DATABASE_URL=postgresql://app:pw-1@db/app\nAPI_TOKEN=tok-2\nHOME_DIR=\"\\${HOME}\"\n";
        Imported i = FileImport.build(List.of(dir("/etc/flask", Map.of("myapp.env", file("0640", "root", "app", text)))),
                false);
        assertThat(items(i)).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("group", "app").containsEntry("mode", "0640");
            assertThat((Map<String, Object>) m.get("env")).containsExactly(
                    Map.entry("DATABASE_URL", "postgresql://app:${secret.myapp_env_database_url}@db/app"),
                    Map.entry("API_TOKEN", "${secret.myapp_env_api_token}"),
                    Map.entry("HOME_DIR", "$${HOME}"));
        });
        assertThat(i.secrets()).extracting(ImportedSecret::name, ImportedSecret::variable).containsExactly(
                org.assertj.core.groups.Tuple.tuple("myapp_env_database_url", "MYAPP_ENV_DATABASE_URL"),
                org.assertj.core.groups.Tuple.tuple("myapp_env_api_token", "MYAPP_ENV_API_TOKEN"));
        assertThat(i.secrets()).extracting(ImportedSecret::what).containsExactly(
                "the password of the URL in DATABASE_URL in /etc/flask/myapp.env", "API_TOKEN in /etc/flask/myapp.env");
        assertThat(i.toString()).doesNotContain("pw-1", "tok-2");
    }

    @Test
    void anOwnerOnlyFileIsSecretWhole() {
        Map<String, FileState> files = new LinkedHashMap<>();
        files.put("tls.key", file("0600", "root", "root", "KEY-MATERIAL\n"));
        files.put("db.env", file("0400", "root", "root", "HOST=db\nEMPTY=\"\"\n"));
        files.put("empty", file("0600", "root", "root", ""));
        Imported i = FileImport.build(List.of(dir("/etc/x", files)), false);
        assertThat(items(i)).extracting(m -> m.get("content") != null ? m.get("content") : m.get("env"))
                .containsExactly(Map.of("HOST", "${secret.db_env_host}", "EMPTY", ""), "", "${secret.tls_key}\n");
        assertThat(i.secrets()).extracting(ImportedSecret::name).containsExactly("db_env_host", "tls_key");
        assertThat(i.toString()).doesNotContain("KEY-MATERIAL");
    }

    @Test
    void equalNamesInTwoDirectoriesTakeTheirPath() {
        Imported i = FileImport.build(List.of(
                dir("/etc/a", Map.of("app.env", file("0644", "root", "root", "TOKEN=x\n"))),
                dir("/etc/b", Map.of("app.env", file("0644", "root", "root", "TOKEN=y\n")))), false);
        assertThat(i.secrets()).extracting(ImportedSecret::name).containsExactly("app_env_token", "etc_b_app_env_token");
        assertThat(i.secrets().get(0).sameAs()).isNotEqualTo(i.secrets().get(1).sameAs());
    }

    @Test
    void exclusiveIsTheMappingFormAndRefusedForASystemDirectory() {
        Imported ok = FileImport.build(List.of(dir("/etc/flask", Map.of("f", file("0644", "root", "root", "x\n")))), true);
        assertThat(ok.value()).isEqualTo(Map.of("exclusive", true,
                "items", List.of(Map.of("path", "/etc/flask/f", "content", "x\n"))));
        Imported system = FileImport.build(List.of(dir("/etc/ssh", Map.of("f", file("0644", "root", "root", "x\n")))), true);
        assertThat(system.problems()).singleElement().asString().contains("/etc/ssh", "system directory");
    }

    @Test
    void problemsAndNotesNameTheirFileOnOneLine() {
        Map<String, FileState> files = new LinkedHashMap<>();
        files.put("latin1", file("0644", "root", "root", new byte[] {'c', (byte) 0xe9, '\n'}));
        files.put("nul", file("0644", "root", "root", "a\0b"));
        files.put("gone", new FileState.Absent());
        files.put("grew", new FileState.Regular("0644", "root", "root", 3, "0".repeat(64), Optional.of("abc".getBytes())));
        files.put("../escape", file("0644", "root", "root", "x"));
        Imported i = FileImport.build(List.of(dir("/srv/d", files,
                new DirectoryProbe.Skipped('l', "link"), new DirectoryProbe.Skipped('p', "fifo"),
                new DirectoryProbe.Skipped('f', "new\nline"))), false);
        assertThat(i.problems()).containsExactlyInAnyOrder(
                "/srv/d/latin1 is not UTF-8 text; plumb imports text files only (declare it with source: and a copy of the file)",
                "/srv/d/nul holds NUL bytes (a binary file?); plumb imports text files only (declare it with source: and a copy of the file)",
                "/srv/d/gone changed while plumb read it; run the import again",
                "/srv/d/grew changed while plumb read it; run the import again",
                "/srv/d/../escape: file path must be normalised (no '//', '.' or '..' segments)",
                "/srv/d/new\\x0aline: a file name holding a line break cannot be imported; rename it");
        assertThat(i.notes()).containsExactly("skipped /srv/d/link: a symbolic link (plumb never follows links)",
                "skipped /srv/d/fifo: not a regular file (a named pipe)");
    }

    @Test
    void limitsAndScopesThatAreNoDirectory() {
        Imported many = FileImport.build(List.of(new DirectoryProbe.Scan.Directory("/d", List.of(), false,
                DirectoryProbe.MAX_FILES + 1, 0, Map.of())), false);
        assertThat(many.problems()).singleElement().asString().startsWith("/d holds more than 256 regular files");
        Imported large = FileImport.build(List.of(new DirectoryProbe.Scan.Directory("/d", List.of(), false,
                1, DirectoryProbe.MAX_BYTES + 1, Map.of())), false);
        assertThat(large.problems()).singleElement().asString().startsWith("the regular files under /d hold");
        Imported absent = FileImport.build(List.of(new DirectoryProbe.Scan.Single("/x", new FileState.Absent())), false);
        assertThat(absent.problems()).isEmpty(); // absent on this host: the CLI decides (a problem only if on no host)
        assertThat(absent.absent()).containsExactly("/x");
        assertThat(FileImport.build(List.of(new DirectoryProbe.Scan.Refused("/x", "why")), false).problems())
                .containsExactly("cannot read /x: why");
        assertThat(FileImport.build(List.of(new DirectoryProbe.Scan.Single("/x/f", file("0644", "root", "root", "x"))),
                false).value()).isEqualTo(List.of(Map.of("path", "/x/f", "content", "x")));
    }

    @Test
    void scopes() {
        var importer = new FileKind().importer().orElseThrow();
        assertThat(importer.checkScope("/etc/flask")).isEmpty();
        assertThat(importer.checkScope("/etc/flask/")).isEmpty();
        assertThat(importer.checkScope("")).hasValueSatisfying(m -> assertThat(m).contains("files:/etc/flask"));
        assertThat(importer.checkScope("etc/flask")).hasValueSatisfying(m -> assertThat(m).contains("absolute"));
        assertThat(importer.checkScope("/etc/../root")).hasValueSatisfying(m -> assertThat(m).contains("normalised"));
        assertThat(importer.checkScope("/etc//x")).isPresent();
        assertThat(importer.checkScope("/")).isPresent();
        assertThat(importer.checkScope("/etc/a\nb")).hasValueSatisfying(m -> assertThat(m).doesNotContain("\n")
                .contains("control characters"));
    }
}
