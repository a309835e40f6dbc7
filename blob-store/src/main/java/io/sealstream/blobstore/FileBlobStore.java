package io.sealstream.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A {@link BlobStore} on the local filesystem. Committed blobs live in {@code
 * <root>/blobs/<xx>/<id>} ({@code xx} = a two-character fan-out), pending ones in {@code
 * <root>/pending/<id>}. Commit is fsync of the pending file, an atomic rename, and fsync of the
 * target directory, so after a crash a blob is either entirely there or not at all.
 */
public final class FileBlobStore implements BlobStore {
  private final Path blobs;
  private final Path pending;

  public FileBlobStore(Path root) throws BlobStoreException {
    this.blobs = root.resolve("blobs");
    this.pending = root.resolve("pending");
    try {
      Files.createDirectories(blobs);
      Files.createDirectories(pending);
    } catch (IOException e) {
      throw new BlobStoreException("cannot create the blob store under " + root, e);
    }
  }

  private Path pendingPath(BlobId id) {
    return pending.resolve(id.value());
  }

  private Path committedPath(BlobId id) {
    String v = id.value();
    String fan = v.length() >= 2 ? v.substring(v.length() - 2) : "_" + v;
    return blobs.resolve(fan).resolve(v);
  }

  @Override
  public void write(BlobId id, long offset, ByteBuffer data) throws BlobStoreException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    try (FileChannel ch =
        FileChannel.open(pendingPath(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer b = data.duplicate();
      long pos = offset;
      while (b.hasRemaining()) {
        pos += ch.write(b, pos);
      }
    } catch (IOException e) {
      throw new BlobStoreException("cannot write pending blob " + id, e);
    }
  }

  @Override
  public void commit(BlobId id, long expectedSize) throws BlobStoreException {
    Path from = pendingPath(id);
    Path to = committedPath(id);
    try {
      if (Files.exists(to) && Files.size(to) == expectedSize) {
        // committed before: a replay after a crash; drop whatever the replay left pending
        Files.deleteIfExists(from);
        return;
      }
      if (!Files.exists(from)) {
        if (expectedSize == 0) {
          Files.createFile(from); // an empty object has no pieces
        } else {
          throw new BlobStoreException("no pending blob " + id);
        }
      }
      try (FileChannel ch = FileChannel.open(from, StandardOpenOption.WRITE)) {
        if (ch.size() != expectedSize) {
          throw new BlobStoreException(
              "pending blob " + id + " has " + ch.size() + " bytes, expected " + expectedSize);
        }
        ch.force(true);
      }
      Files.createDirectories(to.getParent());
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new BlobStoreException("the filesystem cannot rename atomically", e);
      }
      fsyncDirectory(to.getParent());
    } catch (IOException e) {
      if (e instanceof BlobStoreException b) {
        throw b;
      }
      throw new BlobStoreException("cannot commit blob " + id, e);
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public void abort(BlobId id) throws BlobStoreException {
    try {
      Files.deleteIfExists(pendingPath(id));
    } catch (IOException e) {
      throw new BlobStoreException("cannot drop pending blob " + id, e);
    }
  }

  @Override
  public long size(BlobId id) throws BlobStoreException {
    try {
      return Files.size(committedPath(id));
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      throw new BlobStoreException("cannot stat blob " + id, e);
    }
  }

  @Override
  public InputStream read(BlobId id, long offset, long length) throws BlobStoreException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0");
    }
    try {
      FileChannel ch = FileChannel.open(committedPath(id), StandardOpenOption.READ);
      if (offset + length > ch.size()) {
        long size = ch.size();
        ch.close();
        throw new BlobStoreException(
            "blob " + id + " has " + size + " bytes; cannot read " + length + " at " + offset);
      }
      ch.position(offset);
      InputStream in = Channels.newInputStream(ch);
      return new BoundedInputStream(in, length);
    } catch (NoSuchFileException e) {
      throw new BlobStoreException("no blob " + id, e);
    } catch (IOException e) {
      if (e instanceof BlobStoreException b) {
        throw b;
      }
      throw new BlobStoreException("cannot read blob " + id, e);
    }
  }

  @Override
  public void delete(BlobId id) throws BlobStoreException {
    try {
      Files.deleteIfExists(committedPath(id));
    } catch (IOException e) {
      throw new BlobStoreException("cannot delete blob " + id, e);
    }
  }

  @Override
  public void list(java.util.function.Consumer<Listed> visitor) throws BlobStoreException {
    try {
      listDirectory(pending, false, visitor);
      try (java.util.stream.Stream<Path> fans = Files.list(blobs)) {
        for (Path fan : (Iterable<Path>) fans::iterator) {
          if (Files.isDirectory(fan)) {
            listDirectory(fan, true, visitor);
          }
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new BlobStoreException("cannot list the blob store", e);
    }
  }

  private static void listDirectory(
      Path dir, boolean committed, java.util.function.Consumer<Listed> visitor) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        java.time.Instant modified;
        try {
          modified = Files.getLastModifiedTime(f).toInstant();
        } catch (NoSuchFileException e) {
          continue; // deleted or committed meanwhile
        }
        visitor.accept(new Listed(new BlobId(f.getFileName().toString()), committed, modified));
      }
    }
  }

  /** An input stream that ends after {@code limit} bytes. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
