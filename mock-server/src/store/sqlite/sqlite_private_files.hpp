#pragma once
// The sqlite store's files are the owner's alone: accounts, app secrets and
// the signing keys are in them. The data folder is made 0700 and the files
// (the database, its -wal and -shm, the .lock) 0600, both when they are made
// and, for ones found looser (a folder made by hand, a file copied in), once
// the store accepted the database at open (a file it refuses is left as it
// was, mode included). Each change is reported as a line an operator reads.

#include <filesystem>
#include <string>
#include <vector>

namespace scan_login::server::sqlite {

// Creates the folder (and missing parents) with mode 0700 when missing.
// Throws store_open_error naming the folder when it cannot be made or is
// not a folder.
void ensure_private_folder(const std::filesystem::path& folder);

// Tightens the folder of `database_file` to 0700 (the owner's bits) and each
// of the file, its -wal, -shm and .lock to 0600, each only when it exists
// and lets group or others in. The folder is changed only when it is the
// store's own: it holds nothing but the store's files and is not sticky (a
// data folder of /tmp, /var/lib or a home folder is reported, never
// changed: others need it as it is); its parents are never changed.
// Returns a line for each change, or for each that was not made.
std::vector<std::string> tighten_store_files(const std::filesystem::path& database_file);

// Creates `database_file` empty with mode 0600 when it is missing, so that
// SQLite, which gives -wal and -shm the database's mode, makes them 0600 too
// whatever the process's umask. Throws store_open_error when it cannot.
void create_private_file(const std::filesystem::path& database_file);

// Tightens `path` (a folder: 0700, a file: 0600) when group or others may
// use it. Returns "" when nothing was to do, else a line saying what was done.
std::string tighten(const std::filesystem::path& path, bool folder);

}  // namespace scan_login::server::sqlite
