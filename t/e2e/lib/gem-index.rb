# The RubyGems registry tree of the e2e suite, from built .gem files:
#
#   ruby gem-index.rb GEM_DIR OUT_DIR [TIMES_JSON]
#
# writes OUT_DIR/
#   gems/<name>-<ver>.gem                       the gems
#   quick/Marshal.4.8/<name>-<ver>.gemspec.rz   deflated Marshal of the spec
#   info/<name>, versions, names                the compact index
#   specs.4.8.gz, latest_specs.4.8.gz, prerelease_specs.4.8.gz   the legacy index
#   api/v1/versions/<name>.json                 for the gems TIMES_JSON's
#                                               "rubygems" names: each
#                                               version's created_at
#
# No gem has dependencies, so no info line lists any.
require "rubygems"
require "rubygems/package"
require "digest"
require "fileutils"
require "json"
require "stringio"
require "zlib"

gem_dir, out, times_json = ARGV
abort "usage: ruby gem-index.rb GEM_DIR OUT_DIR [TIMES_JSON]" unless gem_dir && out
times = times_json ? (JSON.parse(File.read(times_json))["rubygems"] || {}) : {}

specs = []
byname = {}
Dir[File.join(gem_dir, "*.gem")].sort.each do |path|
  data = File.binread(path)
  spec = Gem::Package.new(path).spec
  full = "#{spec.name}-#{spec.version}"
  specs << spec
  (byname[spec.name] ||= []) << [spec, Digest::SHA256.hexdigest(data)]

  FileUtils.mkdir_p(File.join(out, "gems"))
  File.binwrite(File.join(out, "gems", "#{full}.gem"), data)

  FileUtils.mkdir_p(File.join(out, "quick", "Marshal.4.8"))
  File.binwrite(File.join(out, "quick", "Marshal.4.8", "#{full}.gemspec.rz"),
                Zlib::Deflate.deflate(Marshal.dump(spec)))
end

versions = ["created_at: 2024-01-01T00:00:00Z", "---"]
byname.keys.sort.each do |name|
  list = byname[name].sort_by { |spec, _| spec.version }
  info = "---\n" + list.map { |spec, sum| "#{spec.version} |checksum:#{sum}\n" }.join
  FileUtils.mkdir_p(File.join(out, "info"))
  File.binwrite(File.join(out, "info", name), info)
  versions << "#{name} #{list.map { |spec, _| spec.version }.join(",")} #{Digest::MD5.hexdigest(info)}"

  next unless times[name]
  # rubygems.org's /api/v1/versions/<name>.json: newest first
  doc = list.reverse.map do |spec, sum|
    { "number" => spec.version.to_s, "platform" => spec.platform.to_s,
      "prerelease" => spec.version.prerelease?, "sha" => sum,
      "created_at" => times[name][spec.version.to_s],
      "built_at" => "2024-01-01T00:00:00.000Z", "summary" => spec.summary,
      "licenses" => spec.licenses, "authors" => spec.authors.join(", ") }
  end
  FileUtils.mkdir_p(File.join(out, "api", "v1", "versions"))
  File.binwrite(File.join(out, "api", "v1", "versions", "#{name}.json"), JSON.generate(doc) + "\n")
end

File.binwrite(File.join(out, "versions"), versions.join("\n") + "\n")
File.binwrite(File.join(out, "names"), (["---"] + byname.keys.sort).join("\n") + "\n")

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
