package io.sealstream.ingest;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The body of DeleteObjects: {@code <Delete><Quiet/>?<Object><Key/><VersionId/>?</Object>+</Delete>}.
 * Version ids are read and ignored: this store keeps one version per key.
 *
 * @param keys the keys in request order (repeats kept: each gets its own answer)
 * @param quiet answer only the failures
 */
record DeleteObjectsRequest(List<String> keys, boolean quiet) {
  static final int MAX_KEYS = 1000;

  DeleteObjectsRequest {
    keys = List.copyOf(keys);
    if (keys.isEmpty() || keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException("1.." + MAX_KEYS + " keys, was " + keys.size());
    }
  }

  /** MalformedXML for a body that does not fit, no Object, or more than 1000. */
  static DeleteObjectsRequest parse(byte[] body) throws S3Exception {
    Element root = Xml.parse(body);
    if (!"Delete".equals(Xml.name(root))) {
      throw S3Error.MALFORMED_XML.exception();
    }
    String quiet = Xml.childText(root, "Quiet");
    List<Element> objects = Xml.children(root, "Object");
    if (objects.isEmpty() || objects.size() > MAX_KEYS) {
      throw S3Error.MALFORMED_XML.exception(
          "A Delete request holds 1 to " + MAX_KEYS + " Object elements; this one has " + objects.size() + ".");
    }
    List<String> keys = new ArrayList<>(objects.size());
    for (Element o : objects) {
      String key = Xml.childText(o, "Key");
      if (key == null) {
        throw S3Error.MALFORMED_XML.exception();
      }
      keys.add(key);
    }
    return new DeleteObjectsRequest(keys, quiet != null && Xml.parseBoolean(quiet));
  }
}
