// Native hnswlib on the data `docent bench vectors --save-data DIR` wrote (vectors.f32, queries.f32, keys.i64,
// truth.i64: raw little-endian arrays), with Docent's settings: cosine (rows and queries normalised, inner
// product), M 16, efConstruction 200. Builds the index (or loads DIR/hnswlib.bin when it exists and saves it after
// a build), then either
//   - measures recall@10 and queries per second on one thread for each --ef (median of --rounds rounds), or
//   - with --serve, answers lines on stdin so that another program can interleave its own rounds with these:
//       "recall EF"    -> "recall EF R"           recall@10 over all queries at that ef
//       "time EF N"    -> "time EF N WALL CPU"     N queries (cycling through the query set) at that ef, one thread:
//                                                  wall-clock seconds and this thread's CPU seconds
//       "quit"
// Build with bench/vectors/build_hnswlib_bench.sh (g++ -O3 -march=native, Debian's libhnswlib-dev headers).
#include <hnswlib/hnswlib.h>

#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace {

template <typename T>
std::vector<T> ReadArray(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        std::cerr << "cannot open " << path << "\n";
        std::exit(2);
    }
    std::streamsize bytes = in.tellg();
    in.seekg(0);
    std::vector<T> values(static_cast<size_t>(bytes) / sizeof(T));
    in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(T)));
    return values;
}

void Normalize(float* row, size_t dim) {
    double norm = 0;
    for (size_t i = 0; i < dim; i++) norm += static_cast<double>(row[i]) * row[i];
    norm = std::sqrt(norm);
    if (norm > 0) {
        for (size_t i = 0; i < dim; i++) row[i] = static_cast<float>(row[i] / norm);
    }
}

struct Bench {
    size_t dim = 0;
    size_t queryCount = 0;
    std::vector<float> queries;
    std::vector<long long> truth;
    hnswlib::HierarchicalNSW<float>* index = nullptr;
    size_t next = 0;

    double Recall(size_t ef) {
        index->setEf(ef);
        size_t found = 0;
        size_t expected = 0;
        for (size_t q = 0; q < queryCount; q++) {
            auto result = index->searchKnn(queries.data() + q * dim, 10);
            std::vector<long long> ids;
            while (!result.empty()) {
                ids.push_back(static_cast<long long>(result.top().second));
                result.pop();
            }
            for (size_t t = 0; t < 10; t++) {
                long long key = truth[q * 10 + t];
                if (key < 0) continue;
                expected++;
                if (std::find(ids.begin(), ids.end(), key) != ids.end()) found++;
            }
        }
        return expected == 0 ? 1.0 : static_cast<double>(found) / expected;
    }

    static double ThreadCpuSeconds() {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return static_cast<double>(now.tv_sec) + now.tv_nsec * 1e-9;
    }

    // Wall-clock seconds for n queries, continuing through the query set where the last call stopped; cpu gets
    // this thread's CPU seconds over the same queries (what other processes on a busy machine do not add to).
    double Time(size_t ef, size_t n, double* cpu = nullptr) {
        index->setEf(ef);
        size_t checksum = 0;
        double cpuStart = ThreadCpuSeconds();
        auto start = std::chrono::steady_clock::now();
        for (size_t i = 0; i < n; i++) {
            auto result = index->searchKnn(queries.data() + next * dim, 10);
            checksum += result.size();
            next = (next + 1) % queryCount;
        }
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (cpu != nullptr) *cpu = ThreadCpuSeconds() - cpuStart;
        if (checksum == 0) std::cerr << "no results\n";
        return seconds;
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: hnswlib_bench DIR [--m 16] [--ef-construction 200] [--threads 2] [--index PATH] [--ef 16,32,64] [--rounds 5] [--round-queries 5000] [--serve]\n";
        return 2;
    }
    std::string dir = argv[1];
    size_t m = 16, efConstruction = 200, threads = 2, rounds = 5, roundQueries = 5000;
    std::string efList = "16,32,64";
    std::string indexPath = dir + "/hnswlib.bin";
    bool serve = false;
    for (int i = 2; i < argc; i++) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << arg << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--m") m = std::stoul(value());
        else if (arg == "--ef-construction") efConstruction = std::stoul(value());
        else if (arg == "--threads") threads = std::stoul(value());
        else if (arg == "--index") indexPath = value();
        else if (arg == "--ef") efList = value();
        else if (arg == "--rounds") rounds = std::stoul(value());
        else if (arg == "--round-queries") roundQueries = std::stoul(value());
        else if (arg == "--serve") serve = true;
        else {
            std::cerr << "unknown option " << arg << "\n";
            return 2;
        }
    }

    std::vector<long long> keys = ReadArray<long long>(dir + "/keys.i64");
    std::vector<float> data = ReadArray<float>(dir + "/vectors.f32");
    Bench bench;
    bench.queries = ReadArray<float>(dir + "/queries.f32");
    bench.truth = ReadArray<long long>(dir + "/truth.i64");
    size_t count = keys.size();
    bench.dim = data.size() / count;
    bench.queryCount = bench.queries.size() / bench.dim;
    for (size_t i = 0; i < count; i++) Normalize(data.data() + i * bench.dim, bench.dim);
    for (size_t q = 0; q < bench.queryCount; q++) Normalize(bench.queries.data() + q * bench.dim, bench.dim);

    hnswlib::InnerProductSpace space(bench.dim);
    std::ifstream existing(indexPath);
    if (existing.good()) {
        existing.close();
        bench.index = new hnswlib::HierarchicalNSW<float>(&space, indexPath);
        std::cerr << "hnswlib: loaded " << indexPath << "\n";
    } else {
        bench.index = new hnswlib::HierarchicalNSW<float>(&space, count, m, efConstruction, 42);
        auto start = std::chrono::steady_clock::now();
        std::atomic<size_t> cursor{0};
        std::vector<std::thread> workers;
        for (size_t t = 0; t < std::max<size_t>(threads, 1); t++) {
            workers.emplace_back([&]() {
                for (size_t i = cursor++; i < count; i = cursor++) {
                    bench.index->addPoint(data.data() + i * bench.dim, static_cast<size_t>(keys[i]));
                }
            });
        }
        for (auto& worker : workers) worker.join();
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        bench.index->saveIndex(indexPath);
        std::cerr << "hnswlib: built " << count << " x " << bench.dim << " in " << seconds << " s on " << threads
                  << " threads, saved to " << indexPath << "\n";
    }
    data.clear();
    data.shrink_to_fit();

    if (serve) {
        std::cout << "ready " << count << " " << bench.dim << std::endl;
        std::string line;
        while (std::getline(std::cin, line)) {
            std::istringstream words(line);
            std::string verb;
            words >> verb;
            if (verb == "recall") {
                size_t ef = 0;
                words >> ef;
                std::printf("recall %zu %.6f\n", ef, bench.Recall(ef));
            } else if (verb == "time") {
                size_t ef = 0, n = 0;
                words >> ef >> n;
                double cpu = 0;
                double wall = bench.Time(ef, n, &cpu);
                std::printf("time %zu %zu %.9f %.9f\n", ef, n, wall, cpu);
            } else if (verb == "quit") {
                break;
            } else {
                std::printf("error unknown command '%s'\n", line.c_str());
            }
            std::fflush(stdout);
        }
        return 0;
    }

    std::stringstream efs(efList);
    std::string part;
    while (std::getline(efs, part, ',')) {
        size_t ef = std::stoul(part);
        double recall = bench.Recall(ef);
        bench.Time(ef, std::min<size_t>(bench.queryCount, 200));
        std::vector<double> qps;
        for (size_t r = 0; r < rounds; r++) qps.push_back(roundQueries / bench.Time(ef, roundQueries));
        std::sort(qps.begin(), qps.end());
        std::printf("ef %zu: recall@10 %.4f, q/s on one thread: median %.0f (min %.0f, max %.0f) of %zu rounds of %zu queries\n",
                    ef, recall, qps[qps.size() / 2], qps.front(), qps.back(), rounds, roundQueries);
    }
    return 0;
}
