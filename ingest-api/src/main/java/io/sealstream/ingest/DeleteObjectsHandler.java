package io.sealstream.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * DeleteObjects ({@code POST /bucket?delete}): up to 1000 keys in one request, each deleted as
 * DeleteObject deletes it ({@link ObjectDeletion}); the answer lists every key as Deleted (a key
 * that did not exist too) or as an Error, or only the errors in quiet mode. As in S3 the body
 * must carry Content-MD5 or an x-amz-checksum-* header.
 */
final class DeleteObjectsHandler {
  /** 1000 keys of up to 1 KiB each, with their XML around them. */
  static final int BODY_LIMIT = 2 * 1024 * 1024;
  private static final int MAX_KEY_BYTES = 1024;

  private final ManifestView view;
  private final ObjectDeletion deletion;

  DeleteObjectsHandler(ManifestView view, ObjectDeletion deletion) {
    this.view = view;
    this.deletion = deletion;
  }

  List<Route> routes() {
    return List.of(Route.of("POST", Route.Shape.BUCKET, "delete", BODY_LIMIT, this::deleteObjects));
  }

  void deleteObjects(S3Call call) throws S3Exception, IOException {
    if (view.bucket(call.bucket()) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    // S3 checks the integrity header before the body.
    if (call.header(ContentChecksum.CONTENT_MD5) == null && !hasFlexibleChecksum(call)) {
      throw S3Error.INVALID_REQUEST.exception("Missing required header for this request: Content-Md5.");
    }
    byte[] body = RequestBodies.readAll(call, BODY_LIMIT);
    ContentChecksum.verifyRequired(call::header, body);
    DeleteObjectsRequest request = DeleteObjectsRequest.parse(body);

    Map<String, S3Exception> failures = new LinkedHashMap<>();
    List<String> deletable = new ArrayList<>();
    for (String key : new LinkedHashSet<>(request.keys())) {
      if (key.isEmpty()) {
        failures.put(key, S3Error.INVALID_ARGUMENT.exception("An object key must not be empty."));
      } else if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
        failures.put(key, S3Error.KEY_TOO_LONG.exception());
      } else {
        deletable.add(key);
      }
    }
    failures.putAll(deletion.deleteAll(call.bucket(), deletable));

    StringBuilder xml = new StringBuilder(Xml.DECLARATION)
        .append("<DeleteResult xmlns=\"").append(Xml.S3_NAMESPACE).append("\">");
    for (String key : request.keys()) {
      S3Exception failure = failures.get(key);
      if (failure != null) {
        xml.append("<Error><Key>").append(Xml.escape(key)).append("</Key><Code>")
            .append(Xml.escape(failure.error().code())).append("</Code><Message>")
            .append(Xml.escape(failure.getMessage())).append("</Message></Error>");
      } else if (!request.quiet()) {
        xml.append("<Deleted><Key>").append(Xml.escape(key)).append("</Key></Deleted>");
      }
    }
    xml.append("</DeleteResult>");
    call.sendXml(200, xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static boolean hasFlexibleChecksum(S3Call call) {
    for (String name : call.headerNames()) {
      if (name.regionMatches(true, 0, "x-amz-checksum-", 0, "x-amz-checksum-".length())) {
        return true;
      }
    }
    return false;
  }
}
