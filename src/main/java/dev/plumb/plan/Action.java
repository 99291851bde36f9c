package dev.plumb.plan;

/** What a change does to its resource, with the symbol used in text plans. */
public enum Action {
    CREATE("+", "create"),
    UPDATE("~", "update"),
    DELETE("-", "delete"),
    RESTART("↻", "restart");

    private final String symbol;
    private final String word;

    Action(String symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    public String symbol() {
        return symbol;
    }

    public String word() {
        return word;
    }
}
