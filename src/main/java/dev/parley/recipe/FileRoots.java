package dev.parley.recipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the files a recipe names may be: the folder the recipe is read in (its own folder for a
 * recipe file, the recipes folder for one sent over REST) and the folders an operator adds with
 * {@code parley.recipe-file-roots}. A file field names a file relative to the recipe's folder, or by
 * absolute path inside one of those folders. A name that leads anywhere else, by an absolute path,
 * by climbing out with {@code ..} or through a symbolic link, is a problem naming the field, found
 * before the file is read, so that no error can quote a file the recipe's author could not read. A
 * name that exists but cannot be read as what the field needs is a problem too.
 */
public final class FileRoots {

    private final Path base;
    private final List<Path> roots;
    private final boolean confined;

    private FileRoots(Path base, List<Path> roots, boolean confined) {
        this.base = base;
        this.roots = List.copyOf(roots);
        this.confined = confined;
    }

    /** Files inside {@code base} and the {@code extra} folders, named relative to {@code base}. */
    public static FileRoots of(Path base, List<Path> extra) {
        Path absolute = base.toAbsolutePath().normalize();
        List<Path> roots = new ArrayList<>(List.of(absolute));
        extra.forEach(r -> roots.add(r.toAbsolutePath().normalize()));
        return new FileRoots(absolute, roots, true);
    }

    /**
     * Files anywhere, named relative to {@code base}: for a stored run's recipe, whose files were
     * confined when the run was created and are named by absolute path since.
     */
    static FileRoots anywhere(Path base) {
        return new FileRoots(base, List.of(), false);
    }

    /** The folder files are named relative to. */
    Path base() {
        return base;
    }

    /** The readable file that {@code field} names, or empty with a problem added. */
    Optional<Path> file(String field, String name, List<RecipeProblem> problems) {
        return resolve(field, name, false, problems);
    }

    /** The folder that {@code field} names, or empty with a problem added. */
    Optional<Path> folder(String field, String name, List<RecipeProblem> problems) {
        return resolve(field, name, true, problems);
    }

    /** The file {@code field} names, as text: resolved, or as written when refused (with a problem added). */
    String path(String field, String name, List<RecipeProblem> problems) {
        return file(field, name, problems).map(Path::toString).orElse(name);
    }

    private Optional<Path> resolve(String field, String name, boolean folder, List<RecipeProblem> problems) {
        Path given;
        try {
            given = Path.of(name.strip());
        } catch (InvalidPathException e) {
            problems.add(new RecipeProblem(field, "is not a file name: '" + name + "'"));
            return Optional.empty();
        }
        Path resolved = base.resolve(given).normalize();
        if (!confined) {
            return Optional.of(resolved);
        }
        if (roots.stream().noneMatch(resolved::startsWith)) {
            problems.add(new RecipeProblem(field, "names '" + name + "', outside " + where()
                    + ": a recipe may name only files inside " + (roots.size() == 1 ? "it" : "them")));
            return Optional.empty();
        }
        // What exists of the path, links followed, must stay inside: a link to a folder outside with a
        // missing file under it says nothing about the files out there either.
        Path existing = resolved;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing != null && !insideRealRoot(existing.toRealPath())) {
                problems.add(new RecipeProblem(field, "names '" + name + "', a link that leads outside " + where()));
                return Optional.empty();
            }
        } catch (IOException e) {
            problems.add(new RecipeProblem(field, "names '" + name + "', which cannot be read"));
            return Optional.empty();
        }
        // A missing file is reported by what reads it, with the other problems of its kind.
        boolean usable = !resolved.equals(existing)
                || (folder ? Files.isDirectory(resolved) : Files.isRegularFile(resolved) && Files.isReadable(resolved));
        if (!usable) {
            problems.add(new RecipeProblem(field, "names '" + name + "', which is not a readable "
                    + (folder ? "folder" : "file")));
            return Optional.empty();
        }
        return Optional.of(resolved);
    }

    private boolean insideRealRoot(Path real) throws IOException {
        for (Path root : roots) {
            if (Files.exists(root) && real.startsWith(root.toRealPath())) {
                return true;
            }
        }
        return false;
    }

    private String where() {
        return roots.size() == 1 ? "the recipe's folder" : "the recipe's folder and parley.recipe-file-roots";
    }
}
