//! `plimsoll schema`: prints or writes the JSON Schemas of the report and the options.

use std::fs;
use std::path::Path;

use clap::Args;

use crate::Status;

/// Arguments of `plimsoll schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write `schema/report.schema.json` and `schema/options.schema.json` under this
    /// repository root instead of printing the report schema.
    #[arg(long, value_name = "ROOT", num_args = 0..=1, default_missing_value = ".")]
    write: Option<String>,
}

/// Prints the report schema, or writes both schema files.
pub fn run(args: SchemaArgs) -> Status {
    let Some(root) = args.write else {
        print!("{}", plimsoll::api::report_schema());
        return Status::Success;
    };
    let directory = Path::new(&root).join("schema");
    let files = [
        ("report.schema.json", plimsoll::api::report_schema()),
        ("options.schema.json", plimsoll::api::options_schema()),
    ];
    if let Err(error) = fs::create_dir_all(&directory) {
        eprintln!("error: cannot create {}: {error}", directory.display());
        return Status::Error;
    }
    for (name, content) in files {
        let path = directory.join(name);
        if let Err(error) = fs::write(&path, content) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return Status::Error;
        }
        eprintln!("wrote {}", path.display());
    }
    Status::Success
}
