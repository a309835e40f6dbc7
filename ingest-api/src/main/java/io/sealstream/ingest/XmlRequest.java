package io.sealstream.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Parses the XML bodies clients send (CompleteMultipartUpload, ...) with the JDK parser hardened
 * against XXE: no DOCTYPE at all, no external entities or schemas, secure processing on. Any
 * failure is 400 MalformedXML. Namespaces are ignored (clients differ in sending S3's).
 */
final class XmlRequest {
  private XmlRequest() {}

  static Element parse(byte[] body) throws S3Exception {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      DocumentBuilder builder = f.newDocumentBuilder();
      builder.setErrorHandler(null);
      Document doc = builder.parse(new ByteArrayInputStream(body));
      return doc.getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw S3Error.MALFORMED_XML.exception();
    }
  }

  /** The direct children of {@code parent} named {@code name} (ignoring any prefix). */
  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName(e).equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The trimmed text of the only child named {@code name}, or null when there is none. */
  static String text(Element parent, String name) throws S3Exception {
    List<Element> found = children(parent, name);
    if (found.isEmpty()) {
      return null;
    }
    if (found.size() > 1) {
      throw S3Error.MALFORMED_XML.exception();
    }
    return found.get(0).getTextContent().trim();
  }

  static String localName(Element e) {
    String n = e.getTagName();
    int colon = n.indexOf(':');
    return colon < 0 ? n : n.substring(colon + 1);
  }
}
