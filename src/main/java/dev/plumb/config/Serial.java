package dev.plumb.config;

/** A play's {@code serial:}: how many of its hosts change at a time. */
public sealed interface Serial permits Serial.Count, Serial.Percent {

    /** The batch size for {@code hosts} hosts: at least 1, at most {@code hosts}. */
    int batchSize(int hosts);

    /** {@code serial: 2}. */
    record Count(int count) implements Serial {
        public Count {
            if (count < 1) {
                throw new IllegalArgumentException("serial must be at least 1");
            }
        }

        @Override
        public int batchSize(int hosts) {
            return Math.max(1, Math.min(count, hosts));
        }
    }

    /** {@code serial: "30%"}: that share of the play's hosts, rounded down, at least one. */
    record Percent(int percent) implements Serial {
        public Percent {
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("serial percentage must be 1% to 100%");
            }
        }

        @Override
        public int batchSize(int hosts) {
            return Math.max(1, hosts * percent / 100);
        }
    }
}
