"""Validates plimsoll's machine output formats against their schemas and readers' rules.

Usage: validate_formats.py SCHEMA_DIR GOLDEN_DIR OUTPUT_DIR

SCHEMA_DIR contains sarif-2.1.0.json and junit-10.xsd. GOLDEN_DIR contains the expected files
of core/tests/formats (named FORMAT.EXTENSION), and OUTPUT_DIR the CLI's output (named
cases.FORMAT). Every file is checked by its format; the script exits 1 if any check fails.
"""

import json
import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import xmlschema

SEVERITIES = {
    "gitlab": {"info", "minor", "major", "critical", "blocker"},
    "checkstyle": {"error", "warning", "info", "ignore"},
    "sonarqube": {"BLOCKER", "CRITICAL", "MAJOR", "MINOR", "INFO"},
}
SONARQUBE_TYPES = {"BUG", "VULNERABILITY", "CODE_SMELL"}
CODECLIMATE_CATEGORIES = {
    "Bug Risk",
    "Clarity",
    "Compatibility",
    "Complexity",
    "Duplication",
    "Performance",
    "Security",
    "Style",
}
GITHUB_COMMAND = re.compile(
    r"^::(error|warning|notice) file=[^,:\r\n]*"
    r"(,line=\d+,col=\d+,endLine=\d+,endColumn=\d+)?,title=[^,:\r\n]+::[^\r\n]*$"
)
GNU_LINE = re.compile(r"^.+?(:\d+:\d+)?: (error|warning|note): \S+ .*$")


class Checker:
    def __init__(self, schema_dir: Path):
        sarif_schema = json.loads((schema_dir / "sarif-2.1.0.json").read_text())
        validator_class = jsonschema.validators.validator_for(sarif_schema)
        validator_class.check_schema(sarif_schema)
        self.sarif_validator = validator_class(sarif_schema)
        self.junit_schema = xmlschema.XMLSchema(str(schema_dir / "junit-10.xsd"))

    def sarif(self, path: Path) -> None:
        log = json.loads(path.read_text(encoding="utf-8"))
        errors = sorted(self.sarif_validator.iter_errors(log), key=lambda error: error.path)
        if errors:
            raise AssertionError(f"not valid SARIF 2.1.0: {errors[0].message} at {list(errors[0].path)}")
        run = log["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        for result in run["results"]:
            # GitHub code scanning needs a region with a start line on every result.
            region = result["locations"][0]["physicalLocation"]["region"]
            assert region["startLine"] >= 1, result
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"], result

    def junit(self, path: Path) -> None:
        self.junit_schema.validate(str(path))
        root = ElementTree.parse(path).getroot()
        cases = root.findall("./testsuite/testcase")
        assert int(root.get("tests")) == len(cases), "tests does not count the test cases"
        assert int(root.get("failures")) == len(root.findall("./testsuite/testcase/failure"))

    def checkstyle(self, path: Path) -> None:
        root = ElementTree.parse(path).getroot()
        assert root.tag == "checkstyle", root.tag
        for file in root:
            assert file.tag == "file", file.tag
            assert file.get("name"), file.attrib
            for error in file:
                assert error.tag == "error", error.tag
                assert int(error.get("line")) >= 1, error.attrib
                assert int(error.get("column")) >= 1, error.attrib
                assert error.get("severity") in SEVERITIES["checkstyle"], error.attrib
                assert error.get("message") is not None, error.attrib
                assert error.get("source"), error.attrib

    def gitlab(self, path: Path) -> None:
        issues = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(issues, list)
        fingerprints = [issue["fingerprint"] for issue in issues]
        assert len(set(fingerprints)) == len(fingerprints), "fingerprints repeat"
        for issue in issues:
            assert isinstance(issue["description"], str) and issue["check_name"], issue
            assert issue["severity"] in SEVERITIES["gitlab"], issue
            assert isinstance(issue["location"]["path"], str), issue
            assert issue["location"]["lines"]["begin"] >= 1, issue

    def codeclimate(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert text == "" or text.endswith("\0"), "the last issue has no NUL terminator"
        for document in text.split("\0")[:-1]:
            issue = json.loads(document)
            assert issue["type"] == "issue", issue
            assert issue["check_name"], issue
            assert set(issue["categories"]) <= CODECLIMATE_CATEGORIES, issue
            assert issue["severity"] in SEVERITIES["gitlab"], issue
            location = issue["location"]
            if "positions" in location:
                assert location["positions"]["begin"]["line"] >= 1, issue
            else:
                assert location["lines"]["begin"] >= 1, issue

    def sonarqube(self, path: Path) -> None:
        report = json.loads(path.read_text(encoding="utf-8"))
        for issue in report["issues"]:
            assert issue["engineId"] and issue["ruleId"], issue
            assert issue["severity"] in SEVERITIES["sonarqube"], issue
            assert issue["type"] in SONARQUBE_TYPES, issue
            location = issue["primaryLocation"]
            assert isinstance(location["message"], str) and location["filePath"], issue
            text_range = location["textRange"]
            assert text_range["startLine"] >= 1, issue
            if "startColumn" in text_range:
                assert 0 <= text_range["startColumn"], issue
                assert (text_range["endLine"], text_range["endColumn"]) > (
                    text_range["startLine"],
                    text_range["startColumn"],
                ), issue

    def codacy(self, path: Path) -> None:
        for line in path.read_text(encoding="utf-8").splitlines():
            result = json.loads(line)
            assert set(result) == {"filename", "patternId", "message", "line"}, result
            assert result["line"] >= 1, result

    def github(self, path: Path) -> None:
        for line in path.read_text(encoding="utf-8").split("\n")[:-1]:
            assert GITHUB_COMMAND.match(line), line

    def gnu(self, path: Path) -> None:
        for line in path.read_text(encoding="utf-8").split("\n")[:-1]:
            assert GNU_LINE.match(line), line


def format_of(path: Path) -> str:
    if path.name.startswith("cases."):
        return path.suffix[1:]
    return path.name.split(".")[0]


def main() -> int:
    schema_dir, golden_dir, output_dir = (Path(argument) for argument in sys.argv[1:4])
    checker = Checker(schema_dir)
    files = sorted(golden_dir.iterdir()) + sorted(output_dir.iterdir())
    passed = failed = 0
    for path in files:
        check = getattr(checker, format_of(path), None)
        if check is None:
            continue
        try:
            check(path)
        except Exception as error:  # noqa: BLE001 - every failure is reported the same way
            failed += 1
            print(f"FAIL {path}: {type(error).__name__}: {error}")
        else:
            passed += 1
            print(f"ok   {path}")
    print(f"formats: {passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
