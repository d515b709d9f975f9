// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * What a repository such as Maven Central asks of the published POMs, and the licence beside them:
 * the parent declares name, description, URL, licence, SCM, developers and a fixed output time;
 * every module inherits them; the library modules attach sources and javadoc; the others are not
 * deployed. The tests run in capture-samples, so the project root is its parent folder.
 */
class ReleaseMetadataTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> LIBRARIES = Set.of("capture-bindings", "capture-core", "capture-export", "capture-kafka");
    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    @Test
    void licenceIsTheApacheLicence2WithANotice() throws Exception {
        String licence = Files.readString(ROOT.resolve("LICENSE"));
        assertEquals("Apache License", licence.strip().lines().findFirst().orElseThrow().strip());
        assertTrue(licence.contains("Version 2.0, January 2004"), "the licence's version line");
        assertTrue(licence.contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"), "its terms");
        assertTrue(licence.strip().endsWith("limitations under the License."), "the whole text, to its last line");
        assertTrue(licence.lines().count() > 190, "the whole text: " + licence.lines().count() + " lines");
        String notice = Files.readString(ROOT.resolve("NOTICE"));
        assertTrue(notice.startsWith("netlistener\nCopyright "), notice);
    }

    @Test
    void parentDeclaresWhatCentralRequires() throws Exception {
        Document parent = pom(ROOT);
        for (String field : List.of("name", "description", "url", "licenses/license/name", "licenses/license/url",
                "scm/connection", "scm/developerConnection", "scm/url", "developers/developer/name",
                "organization/name", "properties/project.build.outputTimestamp")) {
            assertFalse(text(parent, "/project/" + field).isBlank(), "the parent POM has no " + field);
        }
        assertEquals("Apache-2.0", text(parent, "/project/licenses/license/name"));
        assertEquals("maven-gpg-plugin",
                text(parent, "/project/profiles/profile[id='release']/build/plugins/plugin/artifactId"));
    }

    @Test
    void everyModuleInheritsTheMetadataAndOnlyLibrariesArePublished() throws Exception {
        List<String> modules = modules();
        assertTrue(modules.containsAll(LIBRARIES), "library modules: " + modules);
        for (String module : modules) {
            Document pom = pom(ROOT.resolve(module));
            assertEquals("netlistener-parent", text(pom, "/project/parent/artifactId"), module);
            assertFalse(text(pom, "/project/name").isBlank(), module + " has no name");
            assertFalse(text(pom, "/project/description").isBlank(), module + " has no description");
            assertEquals(0, count(pom, "/project/licenses"), module + " must inherit the parent's licence");
            List<String> plugins = strings(pom, "/project/build/plugins/plugin/artifactId");
            String deploySkip = text(pom, "/project/properties/maven.deploy.skip");
            if (LIBRARIES.contains(module)) {
                assertTrue(plugins.containsAll(List.of("maven-source-plugin", "maven-javadoc-plugin")),
                        module + " attaches sources and javadoc: " + plugins);
                assertEquals("", deploySkip, module + " is published");
            } else {
                assertEquals("true", deploySkip, module + " must not be deployed");
            }
        }
    }

    private static List<String> modules() throws Exception {
        return strings(pom(ROOT), "/project/modules/module");
    }

    private static Document pom(Path directory) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(directory.resolve("pom.xml").toFile());
    }

    private static String text(Document pom, String path) throws Exception {
        return ((String) XPATH.evaluate(path, pom, XPathConstants.STRING)).strip();
    }

    private static int count(Document pom, String path) throws Exception {
        return ((NodeList) XPATH.evaluate(path, pom, XPathConstants.NODESET)).getLength();
    }

    private static List<String> strings(Document pom, String path) throws Exception {
        NodeList nodes = (NodeList) XPATH.evaluate(path, pom, XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent().strip());
        }
        return values;
    }
}
