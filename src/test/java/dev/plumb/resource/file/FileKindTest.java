package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.Text;
import dev.plumb.plan.Change;
import dev.plumb.resource.Phase;
import dev.plumb.resource.PlanContext;
import dev.plumb.resource.Planned;
import dev.plumb.resource.Step;

/** The files part matches live state to specs by path, and yields one step per changed file. */
class FileKindTest {
    private static FileSpec file(String path, String content) {
        return new FileSpec("h", path, Optional.of(new FileContent.Inline(Text.plain(content))), "root", "root",
                "0644", Presence.PRESENT, List.of(), false);
    }

    private static String regular(int index, String content) throws Exception {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        return "F\t" + index + "\tfile\t644\troot\troot\t" + b.length + "\t" + sha + "\t"
                + Base64.getEncoder().encodeToString(b);
    }

    @Test
    void liveStateIsMatchedByPathWhateverTheOrderOfTheLines() throws Exception {
        List<FileSpec> specs = List.of(file("/etc/a", "a\n"), file("/etc/b", "b\n"), file("/etc/c", "c\n"));
        FileKind.FilePart part = new FileKind.FilePart(specs, Redactor.NONE);
        // /etc/c matches, /etc/a differs, /etc/b is missing from the output (absent).
        Planned p = part.plan(List.of(regular(2, "c\n"), regular(0, "old\n")),
                new PlanContext("h", List.copyOf(specs), List.of(), false));
        assertThat(p.changes()).extracting(Change::label).containsExactly("file /etc/a", "file /etc/b");
        assertThat(p.steps()).extracting(Step::phase).containsOnly(Phase.FILES);
        assertThat(p.steps()).extracting(s -> s.address().orElseThrow().name()).containsExactly("/etc/a", "/etc/b");
        assertThat(p.problems()).isEmpty();
    }
}
