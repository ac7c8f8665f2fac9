# The RubyGems registry tree of the e2e suite, from built .gem files:
#
#   ruby gem-index.rb GEM_DIR OUT_DIR
#
# writes OUT_DIR/
#   gems/<name>-<ver>.gem                       the gems
#   quick/Marshal.4.8/<name>-<ver>.gemspec.rz   deflated Marshal of the spec
#   info/<name>, versions, names                the compact index
#   specs.4.8.gz, latest_specs.4.8.gz, prerelease_specs.4.8.gz   the legacy index
#
# No gem has dependencies, so no info line lists any.
require "rubygems"
require "rubygems/package"
require "digest"
require "fileutils"
require "stringio"
require "zlib"

gem_dir, out = ARGV
abort "usage: ruby gem-index.rb GEM_DIR OUT_DIR" unless gem_dir && out

specs = []
versions = ["created_at: 2024-01-01T00:00:00Z", "---"]
Dir[File.join(gem_dir, "*.gem")].sort.each do |path|
  data = File.binread(path)
  spec = Gem::Package.new(path).spec
  full = "#{spec.name}-#{spec.version}"
  specs << spec

  FileUtils.mkdir_p(File.join(out, "gems"))
  File.binwrite(File.join(out, "gems", "#{full}.gem"), data)

  FileUtils.mkdir_p(File.join(out, "quick", "Marshal.4.8"))
  File.binwrite(File.join(out, "quick", "Marshal.4.8", "#{full}.gemspec.rz"),
                Zlib::Deflate.deflate(Marshal.dump(spec)))

  info = "---\n#{spec.version} |checksum:#{Digest::SHA256.hexdigest(data)}\n"
  FileUtils.mkdir_p(File.join(out, "info"))
  File.binwrite(File.join(out, "info", spec.name), info)
  versions << "#{spec.name} #{spec.version} #{Digest::MD5.hexdigest(info)}"
end

File.binwrite(File.join(out, "versions"), versions.join("\n") + "\n")
File.binwrite(File.join(out, "names"), (["---"] + specs.map(&:name).sort).join("\n") + "\n")

tuples = specs.map { |s| [s.name, s.version, s.platform.to_s] }
{ "specs.4.8.gz" => tuples, "latest_specs.4.8.gz" => tuples,
  "prerelease_specs.4.8.gz" => [] }.each do |file, list|
  io = StringIO.new("".b)
  gz = Zlib::GzipWriter.new(io)
  gz.mtime = 1
  gz.write(Marshal.dump(list))
  gz.close
  File.binwrite(File.join(out, file), io.string)
end
