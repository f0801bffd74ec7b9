package dev.parley.corpus;

/**
 * A line of a dialogue file that cannot be used. The message reads
 * {@code <what> <file> line <n>: <field> <problem>}, as the CLI prints it; the parts are kept apart so
 * that the REST API can name the line and field in a problem's errors.
 */
public class DialogueFileException extends IllegalArgumentException {

    private final int line;
    private final String field;
    private final String problem;

    /**
     * @param what  what the file is, e.g. {@code real dialogues}
     * @param field path inside the line's JSON (e.g. {@code messages[1].role}); empty for the line as a whole
     */
    public DialogueFileException(String what, String file, int line, String field, String problem) {
        super(what + " " + file + " line " + line + ": " + (field.isEmpty() ? "" : field + " ") + problem);
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    /** The 1-based line of the file. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
