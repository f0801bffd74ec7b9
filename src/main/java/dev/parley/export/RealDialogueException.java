package dev.parley.export;

/**
 * A line of a real-dialogue file that cannot be used. The message reads
 * {@code real dialogues <file> line <n>: <field> <problem>}, as the CLI prints it; the parts are kept
 * apart so that the REST API can name the line and field in a problem's errors.
 */
public class RealDialogueException extends IllegalArgumentException {

    private final String file;
    private final int line;
    private final String field;
    private final String problem;

    /**
     * @param field path inside the line's JSON (e.g. {@code messages[1].role}); empty for the line as a whole
     */
    public RealDialogueException(String file, int line, String field, String problem) {
        super("real dialogues " + file + " line " + line + ": " + (field.isEmpty() ? "" : field + " ") + problem);
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    public String file() {
        return file;
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
