package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

import dev.plumb.model.ResourceAddress;

/** The PR-comment report, parsed by a real CommonMark parser: its structure, not its bytes. */
class MarkdownRendererTest {
    private static final String SECRET = "s3cr3t-`$x";

    private static Plan plan() {
        String diff = "--- /etc/app.env\n+++ /etc/app.env\n@@ -1 +1 @@\n-A=1\n+A=2\n+PASSWORD=(sensitive)\n+ticks ```` inside\n";
        Change file = Change.of(new ResourceAddress("web1", "file", "/etc/app.env"), Action.UPDATE,
                List.of(Attr.of("mode", "0644", "0600"))).withDiff(Optional.of(diff));
        Change role = Change.of(new ResourceAddress("db1", "postgres/role", "we`ird <name> *x*"), Action.CREATE,
                List.of(Attr.set("login", "true")));
        Change restart = Change.of(new ResourceAddress("web1", "service", "app.service"), Action.RESTART, List.of())
                .withReason("notified by /etc/app.env");
        return new Plan(List.of(new HostPlan("db1", List.of(role), Optional.empty()),
                new HostPlan("web1", List.of(file, restart), Optional.empty()),
                new HostPlan("web2", List.of(), Optional.empty())));
    }

    private record Found(List<String> html, List<FencedCodeBlock> fences, List<String> code) {}

    private static Found parse(String markdown) {
        Found f = new Found(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Node doc = Parser.builder().build().parse(markdown);
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(HtmlBlock b) {
                f.html().add(b.getLiteral());
            }

            @Override
            public void visit(FencedCodeBlock b) {
                f.fences().add(b);
            }

            @Override
            public void visit(Code c) {
                f.code().add(c.getLiteral());
            }
        });
        return f;
    }

    @Test
    void oneDetailsSectionPerHostDiffsInDiffBlocksNamesExact() {
        String md = MarkdownRenderer.render(plan(), "Plan");
        assertThat(md.lines().findFirst().orElseThrow())
                .isEqualTo("**Plan:** 1 to create, 1 to update, 0 to delete, 1 restart on 3 hosts.");
        Found f = parse(md);
        assertThat(f.html().stream().filter(h -> h.startsWith("<details>")).count()).isEqualTo(3);
        assertThat(f.html()).anyMatch(h -> h.contains("<b>web2</b>: no changes"));
        assertThat(f.fences()).hasSize(1);
        assertThat(f.fences().get(0).getInfo()).isEqualTo("diff");
        assertThat(f.fences().get(0).getLiteral()).contains("+A=2", "+ticks ```` inside");
        // A hostile name survives as exactly one code span.
        assertThat(f.code()).contains("postgres/role we`ird <name> *x*", "file /etc/app.env");
        assertThat(md).doesNotContain(SECRET);
    }

    @Test
    void nothingToDoIsOneLine() {
        Plan empty = new Plan(List.of(new HostPlan("a", List.of(), Optional.empty()),
                new HostPlan("b", List.of(), Optional.empty())));
        assertThat(MarkdownRenderer.render(empty, "Drift")).isEqualTo("**Drift:** no changes; 2 hosts match the desired state.\n");
    }
}
