Console.WriteLine("fastlb");
