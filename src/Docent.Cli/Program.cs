Console.WriteLine("docent");
