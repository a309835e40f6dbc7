package io.sealstream.schemas;

/** The events of the {@code events} topic, made from the manifest they are about. */
public final class ObjectEvents {
  private ObjectEvents() {}

  /** The object became readable in this version. */
  public static ObjectEvent stored(ObjectManifest m, long timeMillis) {
    return of(ObjectEventType.STORED, m, timeMillis);
  }

  /** This version of the object was deleted (or replaced by a delete marker of the view). */
  public static ObjectEvent deleted(ObjectManifest m, long timeMillis) {
    return of(ObjectEventType.DELETED, m, timeMillis);
  }

  private static ObjectEvent of(ObjectEventType type, ObjectManifest m, long timeMillis) {
    return ObjectEvent.newBuilder()
        .setType(type)
        .setBucket(m.getBucket())
        .setObjectKey(m.getObjectKey())
        .setVersionId(m.getVersionId())
        .setUploadId(m.getUploadId())
        .setSize(m.getSize())
        .setMode(m.getMode())
        .setTimeMillis(timeMillis)
        .build();
  }
}
