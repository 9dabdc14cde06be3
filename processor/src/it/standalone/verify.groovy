// Runs after the standalone project built and its tests passed. Checks that the README's
// "Maven wiring" snippet is still exactly what this project uses, so the README cannot drift.
//
// The README's snippet is the first ```xml block after the "## Maven wiring" heading. It holds
// fragments separated by XML comment lines; each fragment, compared line by line with leading and
// trailing blanks ignored, must appear in this project's (already filtered) pom.xml.

def normalize = { String text ->
  text.readLines()*.trim().findAll { !it.isEmpty() }
}

File readme = new File(basedir, '../../../../README.md')
assert readme.isFile() : "README.md not found at ${readme.canonicalPath}"
String md = readme.getText('UTF-8')
int heading = md.indexOf('\n## Maven wiring')
assert heading >= 0 : 'README.md has no "## Maven wiring" section'
int open = md.indexOf('```xml\n', heading)
assert open >= 0 : 'the "## Maven wiring" section has no ```xml block'
int close = md.indexOf('\n```', open + 7)
String snippet = md.substring(open + 7, close)

List<List<String>> fragments = [[]]
normalize(snippet).each { line ->
  if (line.startsWith('<!--')) {
    if (!fragments.last().isEmpty()) fragments << []
  } else {
    fragments.last() << line
  }
}
fragments = fragments.findAll { !it.isEmpty() }
assert fragments.size() >= 2 : "expected a dependency and a plugin fragment in the README snippet, got ${fragments}"

String pom = normalize(new File(basedir, 'pom.xml').getText('UTF-8')).join('\n')
fragments.each { fragment ->
  String joined = fragment.join('\n')
  assert pom.contains(joined) : "README snippet fragment is not in the standalone project's pom.xml:\n${joined}"
}

File log = new File(basedir, 'build.log')
assert log.text.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : 'CubeTest did not run both tests'
return true
