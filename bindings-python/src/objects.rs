//! Builds the result objects of `plimsoll._types` from the core's report types and from the
//! typed forms of its parse and rule documents.
//!
//! The result classes are frozen dataclasses. Their generated `__init__` sets each field with
//! `object.__setattr__`, which costs about 0.5 µs per object on CPython 3.11, and a report has
//! several objects per finding. So each instance is allocated with `PyType_GenericNew`, as
//! `object.__new__` does, and gets its whole `__dict__` at once. That gives the object that
//! `__init__` would give, because the builders set every field and the classes have no
//! `__post_init__`.
//! Destructuring every core type in full makes a new field in the core a compile error here.

use std::ptr;

use plimsoll::Applicability;
use plimsoll::image::report::{
    DiveReport, ImageFindingReport, ImageMetadata, ImageReport, LayerReport, WastedPathReport,
};
use plimsoll::image::rules::ImageLocation;
use plimsoll::report::{
    DiagnosticReport, EditReport, FileMetadata, FileReport, FixReport, Position, Report,
    StageReport, Tool,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use pyo3::{ffi, intern};

use crate::documents::{self, ParseOutput};

const TYPES_MODULE: &str = "plimsoll._types";

/// The result classes, imported once.
struct Classes {
    report: Py<PyType>,
    tool: Py<PyType>,
    file_report: Py<PyType>,
    file_metadata: Py<PyType>,
    stage: Py<PyType>,
    diagnostic: Py<PyType>,
    position: Py<PyType>,
    fix: Py<PyType>,
    edit: Py<PyType>,
    parse_result: Py<PyType>,
    instruction: Py<PyType>,
    heredoc: Py<PyType>,
    rule: Py<PyType>,
    image_report: Py<PyType>,
    image_metadata: Py<PyType>,
    layer: Py<PyType>,
    wasted_path: Py<PyType>,
    dive: Py<PyType>,
    image_finding: Py<PyType>,
    whole_image_location: Py<PyType>,
    config_location: Py<PyType>,
    history_location: Py<PyType>,
    layer_location: Py<PyType>,
    file_location: Py<PyType>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

impl Classes {
    fn get(py: Python<'_>) -> PyResult<&Classes> {
        CLASSES.get_or_try_init(py, || {
            let types = py.import(TYPES_MODULE)?;
            let class = |name: &str| -> PyResult<Py<PyType>> {
                Ok(types.getattr(name)?.cast_into::<PyType>()?.unbind())
            };
            Ok(Classes {
                report: class("Report")?,
                tool: class("Tool")?,
                file_report: class("FileReport")?,
                file_metadata: class("FileMetadata")?,
                stage: class("Stage")?,
                diagnostic: class("Diagnostic")?,
                position: class("Position")?,
                fix: class("Fix")?,
                edit: class("Edit")?,
                parse_result: class("ParseResult")?,
                instruction: class("Instruction")?,
                heredoc: class("Heredoc")?,
                rule: class("Rule")?,
                image_report: class("ImageReport")?,
                image_metadata: class("ImageMetadata")?,
                layer: class("Layer")?,
                wasted_path: class("WastedPath")?,
                dive: class("Dive")?,
                image_finding: class("ImageFinding")?,
                whole_image_location: class("WholeImageLocation")?,
                config_location: class("ConfigLocation")?,
                history_location: class("HistoryLocation")?,
                layer_location: class("LayerLocation")?,
                file_location: class("FileLocation")?,
            })
        })
    }
}

/// Converts core report types into Python result objects.
pub struct Builder<'py> {
    py: Python<'py>,
    classes: &'py Classes,
}

impl<'py> Builder<'py> {
    pub fn new(py: Python<'py>) -> PyResult<Self> {
        Ok(Builder {
            py,
            classes: Classes::get(py)?,
        })
    }

    /// Creates an instance of `class` whose fields are the entries of `fields`.
    fn instance(
        &self,
        class: &Py<PyType>,
        fields: Bound<'py, PyDict>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // SAFETY: `class` is a live type object. `PyType_GenericNew` ignores its argument
        // tuple and keywords, so null pointers are allowed, and it returns a new reference or
        // null with an exception set, which `from_owned_ptr_or_err` takes over.
        let object = unsafe {
            let pointer =
                ffi::PyType_GenericNew(class.as_ptr().cast(), ptr::null_mut(), ptr::null_mut());
            Bound::from_owned_ptr_or_err(self.py, pointer)?
        };
        // SAFETY: all three pointers are live objects. The call does not steal references and
        // returns -1 with an exception set on failure.
        let status = unsafe {
            ffi::PyObject_GenericSetAttr(
                object.as_ptr(),
                intern!(self.py, "__dict__").as_ptr(),
                fields.as_ptr(),
            )
        };
        if status < 0 {
            return Err(PyErr::fetch(self.py));
        }
        Ok(object)
    }

    fn tuple<T>(
        &self,
        items: Vec<T>,
        build: impl Fn(&Self, T) -> PyResult<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let objects = items
            .into_iter()
            .map(|item| build(self, item))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyTuple::new(self.py, objects)?.into_any())
    }

    pub fn report(&self, report: Report) -> PyResult<Bound<'py, PyAny>> {
        let Report {
            version,
            tool,
            files,
            images,
        } = report;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "version"), version)?;
        fields.set_item(intern!(self.py, "tool"), self.tool(tool)?)?;
        fields.set_item(intern!(self.py, "files"), self.tuple(files, Self::file)?)?;
        fields.set_item(intern!(self.py, "images"), self.tuple(images, Self::image)?)?;
        self.instance(&self.classes.report, fields)
    }

    fn tool(&self, tool: Tool) -> PyResult<Bound<'py, PyAny>> {
        let Tool { name, version } = tool;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "name"), name)?;
        fields.set_item(intern!(self.py, "version"), version)?;
        self.instance(&self.classes.tool, fields)
    }

    fn file(&self, file: FileReport) -> PyResult<Bound<'py, PyAny>> {
        let FileReport {
            path,
            failed,
            metadata,
            diagnostics,
        } = file;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "path"), path)?;
        fields.set_item(intern!(self.py, "failed"), failed)?;
        fields.set_item(intern!(self.py, "metadata"), self.metadata(metadata)?)?;
        fields.set_item(
            intern!(self.py, "diagnostics"),
            self.tuple(diagnostics, Self::diagnostic)?,
        )?;
        self.instance(&self.classes.file_report, fields)
    }

    fn metadata(&self, metadata: FileMetadata) -> PyResult<Bound<'py, PyAny>> {
        let FileMetadata {
            bytes,
            lines,
            instructions,
            stages,
            target_stage,
        } = metadata;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "bytes"), bytes)?;
        fields.set_item(intern!(self.py, "lines"), lines)?;
        fields.set_item(intern!(self.py, "instructions"), instructions)?;
        fields.set_item(intern!(self.py, "stages"), self.tuple(stages, Self::stage)?)?;
        fields.set_item(intern!(self.py, "target_stage"), target_stage)?;
        self.instance(&self.classes.file_metadata, fields)
    }

    fn stage(&self, stage: StageReport) -> PyResult<Bound<'py, PyAny>> {
        let StageReport {
            index,
            name,
            base,
            line,
            reachable,
        } = stage;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "index"), index)?;
        fields.set_item(intern!(self.py, "name"), name)?;
        fields.set_item(intern!(self.py, "base"), base)?;
        fields.set_item(intern!(self.py, "line"), line)?;
        fields.set_item(intern!(self.py, "reachable"), reachable)?;
        self.instance(&self.classes.stage, fields)
    }

    fn diagnostic(&self, diagnostic: DiagnosticReport) -> PyResult<Bound<'py, PyAny>> {
        let DiagnosticReport {
            code,
            name,
            severity,
            message,
            start,
            end,
            fix,
        } = diagnostic;
        let fix = match fix {
            Some(fix) => self.fix(fix)?,
            None => self.py.None().into_bound(self.py),
        };
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "code"), code)?;
        fields.set_item(intern!(self.py, "name"), name)?;
        fields.set_item(intern!(self.py, "severity"), severity.as_str())?;
        fields.set_item(intern!(self.py, "message"), message)?;
        fields.set_item(intern!(self.py, "start"), self.position(start)?)?;
        fields.set_item(intern!(self.py, "end"), self.position(end)?)?;
        fields.set_item(intern!(self.py, "fix"), fix)?;
        self.instance(&self.classes.diagnostic, fields)
    }

    fn fix(&self, fix: FixReport) -> PyResult<Bound<'py, PyAny>> {
        let FixReport {
            message,
            applicability,
            edits,
        } = fix;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "message"), message)?;
        fields.set_item(
            intern!(self.py, "applicability"),
            applicability_name(applicability),
        )?;
        fields.set_item(intern!(self.py, "edits"), self.tuple(edits, Self::edit)?)?;
        self.instance(&self.classes.fix, fields)
    }

    fn edit(&self, edit: EditReport) -> PyResult<Bound<'py, PyAny>> {
        let EditReport {
            start,
            end,
            replacement,
        } = edit;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "start"), self.position(start)?)?;
        fields.set_item(intern!(self.py, "end"), self.position(end)?)?;
        fields.set_item(intern!(self.py, "replacement"), replacement)?;
        self.instance(&self.classes.edit, fields)
    }

    fn position(&self, position: Position) -> PyResult<Bound<'py, PyAny>> {
        let Position {
            line,
            column,
            offset,
        } = position;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "line"), line)?;
        fields.set_item(intern!(self.py, "column"), column)?;
        fields.set_item(intern!(self.py, "offset"), offset)?;
        self.instance(&self.classes.position, fields)
    }

    fn image(&self, image: ImageReport) -> PyResult<Bound<'py, PyAny>> {
        let ImageReport {
            path,
            failed,
            metadata,
            findings,
        } = image;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "path"), path)?;
        fields.set_item(intern!(self.py, "failed"), failed)?;
        fields.set_item(intern!(self.py, "metadata"), self.image_metadata(metadata)?)?;
        fields.set_item(
            intern!(self.py, "findings"),
            self.tuple(findings, Self::image_finding)?,
        )?;
        self.instance(&self.classes.image_report, fields)
    }

    fn image_metadata(&self, metadata: ImageMetadata) -> PyResult<Bound<'py, PyAny>> {
        let ImageMetadata {
            reference,
            config_digest,
            os,
            architecture,
            config_only,
            compressed_size,
            uncompressed_size,
            layers,
            wasted_bytes,
            wasted_files,
            largest_wasted,
            dive,
        } = metadata;
        let dive = match dive {
            Some(dive) => self.dive(dive)?,
            None => self.py.None().into_bound(self.py),
        };
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "reference"), reference)?;
        fields.set_item(intern!(self.py, "config_digest"), config_digest)?;
        fields.set_item(intern!(self.py, "os"), os)?;
        fields.set_item(intern!(self.py, "architecture"), architecture)?;
        fields.set_item(intern!(self.py, "config_only"), config_only)?;
        fields.set_item(intern!(self.py, "compressed_size"), compressed_size)?;
        fields.set_item(intern!(self.py, "uncompressed_size"), uncompressed_size)?;
        fields.set_item(intern!(self.py, "layers"), self.tuple(layers, Self::layer)?)?;
        fields.set_item(intern!(self.py, "wasted_bytes"), wasted_bytes)?;
        fields.set_item(intern!(self.py, "wasted_files"), wasted_files)?;
        fields.set_item(
            intern!(self.py, "largest_wasted"),
            self.tuple(largest_wasted, Self::wasted_path)?,
        )?;
        fields.set_item(intern!(self.py, "dive"), dive)?;
        self.instance(&self.classes.image_metadata, fields)
    }

    fn layer(&self, layer: LayerReport) -> PyResult<Bound<'py, PyAny>> {
        let LayerReport {
            index,
            history_index,
            created_by,
            compressed_size,
            uncompressed_size,
            files,
            wasted_bytes,
        } = layer;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "index"), index)?;
        fields.set_item(intern!(self.py, "history_index"), history_index)?;
        fields.set_item(intern!(self.py, "created_by"), created_by)?;
        fields.set_item(intern!(self.py, "compressed_size"), compressed_size)?;
        fields.set_item(intern!(self.py, "uncompressed_size"), uncompressed_size)?;
        fields.set_item(intern!(self.py, "files"), files)?;
        fields.set_item(intern!(self.py, "wasted_bytes"), wasted_bytes)?;
        self.instance(&self.classes.layer, fields)
    }

    fn wasted_path(&self, wasted: WastedPathReport) -> PyResult<Bound<'py, PyAny>> {
        let WastedPathReport {
            path,
            layer,
            size,
            reason,
            by_layer,
        } = wasted;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "path"), path)?;
        fields.set_item(intern!(self.py, "layer"), layer)?;
        fields.set_item(intern!(self.py, "size"), size)?;
        fields.set_item(intern!(self.py, "reason"), reason)?;
        fields.set_item(intern!(self.py, "by_layer"), by_layer)?;
        self.instance(&self.classes.wasted_path, fields)
    }

    fn dive(&self, dive: DiveReport) -> PyResult<Bound<'py, PyAny>> {
        let DiveReport {
            efficiency,
            wasted_bytes,
            user_wasted_percent,
            image_size,
            user_size,
        } = dive;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "efficiency"), efficiency)?;
        fields.set_item(intern!(self.py, "wasted_bytes"), wasted_bytes)?;
        fields.set_item(intern!(self.py, "user_wasted_percent"), user_wasted_percent)?;
        fields.set_item(intern!(self.py, "image_size"), image_size)?;
        fields.set_item(intern!(self.py, "user_size"), user_size)?;
        self.instance(&self.classes.dive, fields)
    }

    fn image_finding(&self, finding: ImageFindingReport) -> PyResult<Bound<'py, PyAny>> {
        let ImageFindingReport {
            code,
            name,
            severity,
            message,
            location,
        } = finding;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "code"), code)?;
        fields.set_item(intern!(self.py, "name"), name)?;
        fields.set_item(intern!(self.py, "severity"), severity.as_str())?;
        fields.set_item(intern!(self.py, "message"), message)?;
        fields.set_item(intern!(self.py, "location"), self.location(location)?)?;
        self.instance(&self.classes.image_finding, fields)
    }

    /// Builds the location class of the variant, whose `kind` field is the JSON tag.
    fn location(&self, location: ImageLocation) -> PyResult<Bound<'py, PyAny>> {
        let fields = PyDict::new(self.py);
        let class = match location {
            ImageLocation::Image => {
                fields.set_item(intern!(self.py, "kind"), "image")?;
                &self.classes.whole_image_location
            }
            ImageLocation::Config { key, entry } => {
                fields.set_item(intern!(self.py, "kind"), "config")?;
                fields.set_item(intern!(self.py, "key"), key)?;
                fields.set_item(intern!(self.py, "entry"), entry)?;
                &self.classes.config_location
            }
            ImageLocation::History { index } => {
                fields.set_item(intern!(self.py, "kind"), "history")?;
                fields.set_item(intern!(self.py, "index"), index)?;
                &self.classes.history_location
            }
            ImageLocation::Layer { index } => {
                fields.set_item(intern!(self.py, "kind"), "layer")?;
                fields.set_item(intern!(self.py, "index"), index)?;
                &self.classes.layer_location
            }
            ImageLocation::File { path, layer } => {
                fields.set_item(intern!(self.py, "kind"), "file")?;
                fields.set_item(intern!(self.py, "path"), path)?;
                fields.set_item(intern!(self.py, "layer"), layer)?;
                &self.classes.file_location
            }
        };
        self.instance(class, fields)
    }

    pub fn parse_result(&self, output: ParseOutput) -> PyResult<Bound<'py, PyAny>> {
        let ParseOutput {
            version,
            instructions,
            diagnostics,
        } = output;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "version"), version)?;
        fields.set_item(
            intern!(self.py, "instructions"),
            self.tuple(instructions, Self::instruction)?,
        )?;
        fields.set_item(
            intern!(self.py, "diagnostics"),
            self.tuple(diagnostics, Self::diagnostic)?,
        )?;
        self.instance(&self.classes.parse_result, fields)
    }

    fn instruction(&self, instruction: documents::Instruction) -> PyResult<Bound<'py, PyAny>> {
        let documents::Instruction {
            cmd,
            sub_cmd,
            json,
            original,
            start_line,
            end_line,
            flags,
            value,
            heredocs,
            start_offset,
            end_offset,
        } = instruction;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "cmd"), cmd)?;
        fields.set_item(intern!(self.py, "sub_cmd"), sub_cmd)?;
        fields.set_item(intern!(self.py, "json"), json)?;
        fields.set_item(intern!(self.py, "original"), original)?;
        fields.set_item(intern!(self.py, "start_line"), start_line)?;
        fields.set_item(intern!(self.py, "end_line"), end_line)?;
        fields.set_item(intern!(self.py, "flags"), PyTuple::new(self.py, flags)?)?;
        fields.set_item(intern!(self.py, "value"), PyTuple::new(self.py, value)?)?;
        fields.set_item(
            intern!(self.py, "heredocs"),
            self.tuple(heredocs, Self::heredoc)?,
        )?;
        fields.set_item(intern!(self.py, "start_offset"), start_offset)?;
        fields.set_item(intern!(self.py, "end_offset"), end_offset)?;
        self.instance(&self.classes.instruction, fields)
    }

    fn heredoc(&self, heredoc: documents::Heredoc) -> PyResult<Bound<'py, PyAny>> {
        let documents::Heredoc {
            name,
            file_descriptor,
            content,
        } = heredoc;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "name"), name)?;
        fields.set_item(intern!(self.py, "file_descriptor"), file_descriptor)?;
        fields.set_item(intern!(self.py, "content"), content)?;
        self.instance(&self.classes.heredoc, fields)
    }

    pub fn rule(&self, rule: documents::Rule) -> PyResult<Bound<'py, PyAny>> {
        let documents::Rule {
            code,
            name,
            aliases,
            severity,
            fixable,
            documentation,
        } = rule;
        let fields = PyDict::new(self.py);
        fields.set_item(intern!(self.py, "code"), code)?;
        fields.set_item(intern!(self.py, "name"), name)?;
        fields.set_item(intern!(self.py, "aliases"), PyTuple::new(self.py, aliases)?)?;
        fields.set_item(intern!(self.py, "severity"), severity.as_str())?;
        fields.set_item(intern!(self.py, "fixable"), fixable)?;
        fields.set_item(intern!(self.py, "documentation"), documentation)?;
        self.instance(&self.classes.rule, fields)
    }
}

/// Returns the name of an applicability in the JSON report.
fn applicability_name(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}
