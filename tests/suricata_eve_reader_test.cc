// Suricata EVE JSON reader (placeholder until the reader exists).
#include "sources/logs/suricata_eve_reader.h"

#include <gtest/gtest.h>
