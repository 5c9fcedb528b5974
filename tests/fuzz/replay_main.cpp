// The replay driver of the normal (g++, optionally ASan+UBSan) build: feeds
// every file of the given directories to the target's LLVMFuzzerTestOneInput,
// once each, in name order. A crash, a sanitizer report or an abort() from a
// property check fails the ctest test; so does a directory that is missing or
// empty, so a corpus cannot silently vanish from CI.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::size_t total = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(argv[i], ec))
      if (entry.is_regular_file()) files.push_back(entry.path());
    if (ec || files.empty()) {
      std::fprintf(stderr, "replay: %s is missing or holds no inputs\n", argv[i]);
      return 2;
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      // Named first, so the log shows which input a crash came from.
      std::fprintf(stderr, "replay: %s\n", f.c_str());
      const std::string bytes = read_all(f);
      // A heap copy of exactly the input's size, so ASan sees reads past its end.
      std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
      LLVMFuzzerTestOneInput(copy.data(), copy.size());
    }
    total += files.size();
  }
  std::printf("replay: %zu inputs, no failure\n", total);
  return 0;
}
