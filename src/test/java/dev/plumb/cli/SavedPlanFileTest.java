package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.model.Keyed;
import dev.plumb.plan.Plan;
import dev.plumb.plan.PlanKey;
import dev.plumb.plan.SavedPlan;

/**
 * apply FILE without hosts: the signature is checked before anything the file names is read, and
 * a file that is no sound saved plan is refused with one clear error. Every plan here names the
 * lab inventory, whose hosts no unit test reaches: an apply that got as far as SSH would fail on
 * a connection, not with the refusals asserted.
 */
class SavedPlanFileTest {
    private static final String KEY_TEXT = "saved-plan-file-test-key";
    private static final Keyed KEY = Keyed.of(KEY_TEXT.getBytes(StandardCharsets.UTF_8));
    private static final Path PLAYBOOK = Path.of("playbooks/flaskapp.yml").toAbsolutePath();
    private static final Path INVENTORY = Path.of("src/test/resources/config/lab-inventory.yml").toAbsolutePath();
    /** The lab inventory names no SSH user: the local user it is. */
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;
    private Path file;
    private final Map<String, String> env = new HashMap<>(Map.of(PlanKey.ENV, KEY_TEXT,
            "FLASKAPP_DB_PASSWORD", "app-pw-Q7", "PLUMB_PG_ADMIN_PASSWORD", "admin-pw-Z9"));

    @BeforeEach
    void setUp() {
        file = dir.resolve("plan.json");
    }

    /** A plan made by another plumb, for a host2 reached at {@code address}: stale whatever else. */
    private SavedPlan plan(Path playbook, Path inventory, String address) {
        return new SavedPlan("0.0.0-elsewhere", dir.relativize(playbook).toString(),
                dir.relativize(inventory).toString(), Optional.of("host2"), Optional.empty(), Optional.empty(), Map.of(), "s",
                Map.of("host2", new SavedPlan.Target(USER, address, 22)), Map.of("host2", Map.of()),
                new Plan(List.of()));
    }

    private Cli.Result apply() {
        return Cli.run(env, "apply", file.toString(), "-q");
    }

    private static void assertRefusedBeforeAnyHost(Cli.Result r, String why) {
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains(why, "refused before contacting any host; nothing was changed",
                "hint: make the plan again").doesNotContain("Exception", "no such file");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anIntactPlanPassesOnToItsFilesAndItsStalenessChecks() throws IOException {
        Files.writeString(file, plan(PLAYBOOK, INVENTORY, "198.18.0.99").toJson(KEY));
        Cli.Result r = apply();
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains("is stale; nothing was changed",
                "it was made by plumb 0.0.0-elsewhere",
                "host2 is now reached as " + USER + "@198.18.0.12:22, the plan was made for " + USER
                        + "@198.18.0.99:22");
    }

    @Test
    void anIntactPlanNamingMissingFilesGetsAsFarAsReadingThem() throws IOException {
        Path missing = dir.resolve("elsewhere/inventory.yml");
        Files.writeString(file, plan(PLAYBOOK, missing, "198.18.0.12").toJson(KEY));
        Cli.Result r = apply();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("inventory '" + missing + "' not found");
    }

    @Test
    void anEditedPlanIsRefusedBeforeItsFilesAreRead() throws IOException {
        // Pointed at an inventory that does not exist: reading it would say so.
        Path missing = dir.resolve("elsewhere/inventory.yml");
        String json = plan(PLAYBOOK, INVENTORY, "198.18.0.12").toJson(KEY);
        Files.writeString(file, json.replace(dir.relativize(INVENTORY).toString(), dir.relativize(missing).toString()));
        assertRefusedBeforeAnyHost(apply(), "the saved plan's signature does not match");
    }

    @Test
    void aPlanSignedUnderAnotherKeyIsRefused() throws IOException {
        Files.writeString(file, plan(PLAYBOOK, INVENTORY, "198.18.0.12")
                .toJson(Keyed.of("another-plan-key-0123".getBytes(StandardCharsets.UTF_8))));
        assertRefusedBeforeAnyHost(apply(), "the saved plan's signature does not match");
    }

    @Test
    void aTruncatedPlanIsRefused() throws IOException {
        String json = plan(PLAYBOOK, INVENTORY, "198.18.0.12").toJson(KEY);
        Files.writeString(file, json.substring(0, json.length() / 2));
        assertRefusedBeforeAnyHost(apply(), "not a whole saved plan (truncated, or not JSON): invalid JSON at offset");
    }

    @Test
    void aPlanThatIsNotUtf8IsRefused() throws IOException {
        byte[] json = plan(PLAYBOOK, INVENTORY, "198.18.0.12").toJson(KEY).getBytes(StandardCharsets.UTF_8);
        json[json.length - 3] = (byte) 0xff;
        Files.write(file, json);
        assertRefusedBeforeAnyHost(apply(), "not UTF-8 text");
    }

    @Test
    void aPlanLargerThanTheBoundIsRefusedUnread() throws IOException {
        Files.writeString(file, "{\"plumb_saved_plan\": 2, \"pad\": \"");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SavedPlan.MAX_BYTES + 1); // sparse: no disk, all zero bytes
        }
        assertRefusedBeforeAnyHost(apply(), "larger than 64 MiB");
    }

    @Test
    void aPlanOfTheFormerUnsignedFormatIsRefused() throws IOException {
        Files.writeString(file, "{\"plumb_saved_plan\": 1, \"playbook\": \"" + dir.relativize(PLAYBOOK) + "\"}");
        assertRefusedBeforeAnyHost(apply(), "saved plan format 1 is not supported (this plumb reads 2)");
    }
}
