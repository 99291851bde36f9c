package dev.plumb.cli;

import dev.plumb.inventory.Shard;
import picocli.CommandLine;

/** Reads {@code --shard I/N}; a bad value is a usage error whose message says the form. */
final class ShardOption implements CommandLine.ITypeConverter<Shard> {
    @Override
    public Shard convert(String value) {
        return parse(value);
    }

    /** {@code value} as a shard, or a {@link CommandLine.TypeConversionException} saying why not. */
    static Shard parse(String value) {
        Shard.Parsed parsed = Shard.parse(value);
        if (parsed instanceof Shard.Parsed.Bad bad) {
            throw new CommandLine.TypeConversionException(bad.why());
        }
        return ((Shard.Parsed.Ok) parsed).shard();
    }
}
