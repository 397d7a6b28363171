package dev.slipway.pipeline;

/**
 * A directory of a commit that Slipway will not read as asked: a limit of the {@link DirectoryQuery} crossed, or
 * something in it that is not a plain file or directory. The message names the path and says what to do; every
 * {@link SourceRepository} refuses with the same words because they are made here.
 */
public final class DirectoryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;

    private DirectoryException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** The path the problem is at: the directory, or the file in it. */
    public String path() {
        return path;
    }

    public static DirectoryException notADirectory(String dir, String what) {
        return new DirectoryException(dir, "is " + what + ", not a directory");
    }

    public static DirectoryException tooManyFiles(String dir, DirectoryQuery query) {
        return new DirectoryException(dir + "/", "has more than " + query.maxFiles() + " files named " + query.shown()
                + ", the most Slipway reads from one directory; put several YAML documents in one file (separated "
                + "by ---) or move files that are not to be applied elsewhere");
    }

    public static DirectoryException fileTooLarge(String file, long size, DirectoryQuery query) {
        return new DirectoryException(file, "is " + size + " bytes, over the " + Bytes.shown(query.maxFileBytes())
                + " limit for one file, so it was not read; split it, or keep large generated data out of it");
    }

    public static DirectoryException tooLargeInTotal(String dir, String crossedAt, DirectoryQuery query) {
        return new DirectoryException(dir + "/", "its files named " + query.shown() + " add up to more than "
                + Bytes.shown(query.maxTotalBytes()) + " (crossed at " + crossedAt + "), so none was read; keep only "
                + "what is to be applied in this directory");
    }

    public static DirectoryException symlink(String path) {
        return new DirectoryException(path, "is a symbolic link; Slipway reads only files stored in the directory "
                + "itself (a link may point anywhere): put the file itself there, or remove the link");
    }

    public static DirectoryException submodule(String path) {
        return new DirectoryException(path, "is a git submodule, which Slipway does not read: put its files in "
                + "this repository, or remove the submodule from the directory");
    }

    /** 1048576 → "1 MiB". */
    private static final class Bytes {
        static String shown(long bytes) {
            if (bytes % (1024 * 1024) == 0) {
                return bytes / (1024 * 1024) + " MiB";
            }
            return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
        }
    }
}
