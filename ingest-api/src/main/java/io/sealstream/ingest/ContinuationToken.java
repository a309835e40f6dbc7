package io.sealstream.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * ListObjectsV2's continuation token: base64url (no padding) of the last item of the previous
 * page, a key or a common prefix. Clients treat it as opaque; it grants nothing (any position
 * may be asked for with start-after anyway), so it is not signed.
 */
final class ContinuationToken {
  private ContinuationToken() {}

  static String encode(String lastItem) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(lastItem.getBytes(StandardCharsets.UTF_8));
  }

  /** The item the token stands for; InvalidArgument when it is not one of ours. */
  static String decode(String token) throws S3Exception {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(token);
      if (raw.length == 0) {
        throw S3Error.INVALID_ARGUMENT.exception("The continuation token provided is incorrect");
      }
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw S3Error.INVALID_ARGUMENT.exception("The continuation token provided is incorrect");
    }
  }
}
